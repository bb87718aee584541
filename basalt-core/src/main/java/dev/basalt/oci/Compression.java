package dev.basalt.oci;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** How a layer's tar is stored, each at one fixed level so that the same tar gives the same blob. */
public enum Compression {
  /** Deterministic gzip at {@link DeterministicGzip#DEFAULT_LEVEL}: what every runtime reads. */
  GZIP(MediaTypes.OCI_LAYER_GZIP) {
    @Override
    public OutputStream compress(OutputStream out) throws IOException {
      return new DeterministicGzip(out);
    }
  },
  /** zstd at {@link DeterministicZstd#DEFAULT_LEVEL}: smaller and faster, needs a recent runtime. */
  ZSTD(MediaTypes.OCI_LAYER_ZSTD) {
    @Override
    public OutputStream compress(OutputStream out) throws IOException {
      return new DeterministicZstd(out);
    }
  },
  /** The plain tar. */
  NONE(MediaTypes.OCI_LAYER) {
    @Override
    public OutputStream compress(OutputStream out) {
      return new FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }
      };
    }
  };

  private final String mediaType;

  Compression(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The layer media type of a tar stored this way. */
  public String mediaType() {
    return mediaType;
  }

  /** A stream compressing into {@code out}; closing it ends the compressed stream and closes {@code out}. */
  public abstract OutputStream compress(OutputStream out) throws IOException;
}

package dev.basalt.sbom;

import java.util.Locale;

/** The SBOM formats basalt writes, by the names {@code --format} takes. */
public enum SbomFormat {
  SPDX("spdx", SpdxWriter.MEDIA_TYPE, ".spdx.json"),
  CYCLONEDX("cyclonedx", CycloneDxWriter.MEDIA_TYPE, ".cdx.json");

  private final String id;
  private final String mediaType;
  private final String fileSuffix;

  SbomFormat(String id, String mediaType, String fileSuffix) {
    this.id = id;
    this.mediaType = mediaType;
    this.fileSuffix = fileSuffix;
  }

  /** The name on the command line: {@code spdx} or {@code cyclonedx}. */
  public String id() {
    return id;
  }

  public String mediaType() {
    return mediaType;
  }

  /** What a file of this format ends with, by the formats' conventions: {@code .spdx.json}, {@code .cdx.json}. */
  public String fileSuffix() {
    return fileSuffix;
  }

  /** The document for {@code input}, created by this basalt. */
  public byte[] write(SbomInput input) {
    return this == SPDX ? new SpdxWriter().write(input) : new CycloneDxWriter().write(input);
  }

  /** The format named {@code id}, ignoring case. */
  public static SbomFormat of(String id) {
    for (SbomFormat f : values()) {
      if (f.id.equals(id.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown SBOM format '" + id + "'; use spdx or cyclonedx");
  }
}

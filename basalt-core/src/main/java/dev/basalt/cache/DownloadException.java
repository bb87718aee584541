package dev.basalt.cache;

import java.net.URI;

/** A download failed after its retries, or failed in a way retrying cannot fix. */
public final class DownloadException extends CacheException {
  private final URI uri;
  private final int status;

  public DownloadException(URI uri, int status, String message) {
    super(message);
    this.uri = uri;
    this.status = status;
  }

  public DownloadException(URI uri, String message, Throwable cause) {
    super(message, cause);
    this.uri = uri;
    this.status = -1;
  }

  public URI uri() {
    return uri;
  }

  /** The HTTP status of the last attempt, or -1 when no response arrived. */
  public int status() {
    return status;
  }
}

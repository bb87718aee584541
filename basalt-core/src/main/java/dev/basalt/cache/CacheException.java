package dev.basalt.cache;

import dev.basalt.BasaltException;

/** The local cache or a download from which it is filled failed. */
public class CacheException extends BasaltException {
  public CacheException(String message) {
    super(message);
  }

  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }
}

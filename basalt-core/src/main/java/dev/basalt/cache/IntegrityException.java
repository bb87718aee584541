package dev.basalt.cache;

/** Content did not have the size or digest it was promised to have; it was discarded. */
public final class IntegrityException extends CacheException {
  public IntegrityException(String message) {
    super(message);
  }
}

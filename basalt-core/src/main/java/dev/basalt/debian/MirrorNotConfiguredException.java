package dev.basalt.debian;

/** No mirror URL is known for a named archive; the message says every way to configure one. */
public final class MirrorNotConfiguredException extends ArchiveException {
  public MirrorNotConfiguredException(String message) {
    super(message);
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}

package dev.basalt.oci;

/** Annotation keys of the OCI image spec that basalt sets. */
public final class Annotations {
  private Annotations() {}

  /** In a layout's {@code index.json}: the tag under which a root descriptor is found. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  public static final String CREATED = "org.opencontainers.image.created";
  public static final String TITLE = "org.opencontainers.image.title";
  public static final String DESCRIPTION = "org.opencontainers.image.description";
  public static final String VERSION = "org.opencontainers.image.version";
  public static final String REVISION = "org.opencontainers.image.revision";
  public static final String SOURCE = "org.opencontainers.image.source";
  public static final String URL = "org.opencontainers.image.url";
  public static final String VENDOR = "org.opencontainers.image.vendor";
  public static final String LICENSES = "org.opencontainers.image.licenses";
  public static final String BASE_NAME = "org.opencontainers.image.base.name";
  public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
}

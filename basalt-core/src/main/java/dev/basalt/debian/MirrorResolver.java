package dev.basalt.debian;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an archive name ({@code debian}, {@code debian-security}) into a mirror URL. Mirrors are
 * configuration, never content: in order, explicit {@code --mirror NAME=URL} options, the
 * environment ({@code BASALT_MIRROR_DEBIAN_SECURITY}), the user's config file, then the host's
 * own apt sources, the way mmdebstrap borrows the host's setup.
 */
public final class MirrorResolver {
  public static final String ENV_PREFIX = "BASALT_MIRROR_";
  public static final String CONFIG_ENV = "BASALT_CONFIG";

  private final Map<String, URI> explicit;
  private final Map<String, String> environment;
  private final Path userConfig;
  private final Path aptRoot;
  private Map<String, URI> configMirrors;
  private List<URI> aptUris;

  /**
   * @param explicit mirrors given on the command line
   * @param environment the process environment (for {@code BASALT_MIRROR_*})
   * @param userConfig the user's config file (may not exist)
   * @param aptRoot the directory holding {@code sources.list} and {@code sources.list.d}
   */
  public MirrorResolver(
      Map<String, URI> explicit, Map<String, String> environment, Path userConfig, Path aptRoot) {
    this.explicit = Map.copyOf(explicit);
    this.environment = Map.copyOf(environment);
    this.userConfig = Objects.requireNonNull(userConfig, "userConfig == null");
    this.aptRoot = Objects.requireNonNull(aptRoot, "aptRoot == null");
  }

  /** A resolver over the real environment, user config and {@code /etc/apt}. */
  public static MirrorResolver forHost(Map<String, URI> explicit) {
    return new MirrorResolver(explicit, System.getenv(), defaultUserConfig(), Path.of("/etc/apt"));
  }

  /** {@code $BASALT_CONFIG}, else {@code $XDG_CONFIG_HOME/basalt/config.yaml}, else under {@code ~/.config}. */
  public static Path defaultUserConfig() {
    String explicit = System.getenv(CONFIG_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("basalt").resolve("config.yaml");
  }

  public static String envName(String archive) {
    return ENV_PREFIX + archive.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  /** The mirror URL for {@code archive}, without a trailing slash. */
  public URI resolve(String archive) throws ArchiveException {
    URI uri = explicit.get(archive);
    if (uri != null) {
      return normalize(uri);
    }
    String env = environment.get(envName(archive));
    if (env != null && !env.isBlank()) {
      return normalize(parseUri(env.trim(), envName(archive)));
    }
    uri = configMirrors().get(archive);
    if (uri != null) {
      return normalize(uri);
    }
    for (URI apt : aptUris()) {
      String path = trimSlash(apt.getPath() == null ? "" : apt.getPath());
      if (path.endsWith("/" + archive)) {
        return normalize(apt);
      }
    }
    throw new MirrorNotConfiguredException(
        "no mirror is configured for archive '"
            + archive
            + "'. Set one in any of these ways:\n"
            + "  --mirror "
            + archive
            + "=URL on the command line\n"
            + "  export "
            + envName(archive)
            + "=URL\n"
            + "  mirrors: {"
            + archive
            + ": URL} in "
            + userConfig
            + "\n"
            + "  or an apt source in "
            + aptRoot.resolve("sources.list.d")
            + " whose URI path ends in /"
            + archive);
  }

  private Map<String, URI> configMirrors() throws ArchiveException {
    if (configMirrors == null) {
      configMirrors = readUserConfig();
    }
    return configMirrors;
  }

  private Map<String, URI> readUserConfig() throws ArchiveException {
    Map<String, URI> result = new LinkedHashMap<>();
    if (!Files.isRegularFile(userConfig)) {
      return result;
    }
    try (InputStream in = Files.newInputStream(userConfig)) {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      JsonNode mirrors = root == null ? null : root.get("mirrors");
      if (mirrors == null || mirrors.isNull()) {
        return result;
      }
      if (!mirrors.isObject()) {
        throw new ArchiveException(userConfig + ": 'mirrors' must be a map of archive name to URL");
      }
      for (Map.Entry<String, JsonNode> e : mirrors.properties()) {
        if (!e.getValue().isTextual()) {
          throw new ArchiveException(
              userConfig + ": mirrors." + e.getKey() + " must be a URL string");
        }
        result.put(e.getKey(), parseUri(e.getValue().asText(), userConfig + ": mirrors." + e.getKey()));
      }
      return result;
    } catch (IOException e) {
      throw new ArchiveException("cannot read " + userConfig + ": " + e.getMessage(), e);
    }
  }

  private List<URI> aptUris() throws ArchiveException {
    if (aptUris == null) {
      aptUris = readAptSources();
    }
    return aptUris;
  }

  private List<URI> readAptSources() throws ArchiveException {
    List<URI> uris = new ArrayList<>();
    readOneLineSources(aptRoot.resolve("sources.list"), uris);
    Path dir = aptRoot.resolve("sources.list.d");
    if (!Files.isDirectory(dir)) {
      return uris;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new ArchiveException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    files.sort(null);
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.endsWith(".list")) {
        readOneLineSources(file, uris);
      } else if (name.endsWith(".sources")) {
        readDeb822Sources(file, uris);
      }
    }
    return uris;
  }

  private static void readOneLineSources(Path file, List<URI> uris) throws ArchiveException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new ArchiveException("cannot read " + file + ": " + e.getMessage(), e);
    }
    for (String raw : lines) {
      String line = raw.replaceFirst("#.*", "").trim();
      if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
        continue;
      }
      String rest = line.substring(3).trim();
      if (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0) {
          continue;
        }
        rest = rest.substring(close + 1).trim();
      }
      String[] words = rest.split("\\s+");
      if (words.length > 0) {
        tryUri(words[0]).ifPresent(uris::add);
      }
    }
  }

  private static void readDeb822Sources(Path file, List<URI> uris) throws ArchiveException {
    List<Stanza> stanzas;
    try (InputStream in = Files.newInputStream(file)) {
      stanzas = Deb822.parse(in, file.toString(), true);
    } catch (IOException e) {
      throw new ArchiveException("cannot read " + file + ": " + e.getMessage(), e);
    }
    for (Stanza s : stanzas) {
      String enabled = s.value("Enabled");
      String types = s.value("Types");
      String list = s.value("URIs");
      if ((enabled != null && enabled.equalsIgnoreCase("no"))
          || types == null
          || !List.of(types.split("\\s+")).contains("deb")
          || list == null) {
        continue;
      }
      for (String word : list.split("\\s+")) {
        tryUri(word).ifPresent(uris::add);
      }
    }
  }

  private static Optional<URI> tryUri(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      if (scheme != null && (scheme.equals("http") || scheme.equals("https"))) {
        return Optional.of(uri);
      }
    } catch (java.net.URISyntaxException e) {
      // A malformed line in a host file is apt's problem, not ours: skip it.
    }
    return Optional.empty();
  }

  private static URI parseUri(String text, String where) throws ArchiveException {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new MirrorNotConfiguredException(
            where + ": mirror '" + text + "' must be an http or https URL");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new MirrorNotConfiguredException(where + ": '" + text + "' is not a URL: " + e.getMessage());
    }
  }

  static URI normalize(URI uri) {
    String s = uri.toString();
    return URI.create(trimSlash(s));
  }

  private static String trimSlash(String s) {
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}

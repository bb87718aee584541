package dev.basalt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the credentials that {@code docker login} and {@code podman login} stored for a registry:
 * docker's {@code config.json} ({@code credHelpers}, {@code credsStore}, then {@code auths}), then
 * the containers {@code auth.json} files. Helpers run as {@code docker-credential-<name> get}, found
 * on {@code PATH}. Nothing read here is ever printed but the user name and the file it came from.
 */
public final class CredentialStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HELPER_TIMEOUT_SECONDS = 30;
  /** Keys docker writes for Docker Hub in {@code auths}. */
  private static final List<String> DOCKER_HUB_KEYS =
      List.of("https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io");

  private final Map<String, String> env;
  private final Path home;
  private final Credential explicit;

  public CredentialStore(Map<String, String> env, Path home) {
    this(env, home, null);
  }

  private CredentialStore(Map<String, String> env, Path home, Credential explicit) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env == null"));
    this.home = Objects.requireNonNull(home, "home == null");
    this.explicit = explicit;
  }

  /** A store that answers {@code credential} for every registry: credentials given on the command line. */
  public static CredentialStore of(Credential credential) {
    return new CredentialStore(Map.of(), Path.of("/nonexistent"), Objects.requireNonNull(credential, "credential == null"));
  }

  /** The store of the current user and environment. */
  public static CredentialStore system() {
    return new CredentialStore(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** A store that never finds anything: anonymous access only. */
  public static CredentialStore none() {
    return new CredentialStore(Map.of(), Path.of("/nonexistent"));
  }

  /** The files looked in, in order, for messages that say where no credential was found. */
  public List<Path> files() {
    List<Path> files = new ArrayList<>();
    files.add(dockerConfig());
    String explicit = env.get("REGISTRY_AUTH_FILE");
    if (explicit != null && !explicit.isBlank()) {
      files.add(Path.of(explicit));
    }
    String runtime = env.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank()) {
      files.add(Path.of(runtime, "containers", "auth.json"));
    }
    files.add(home.resolve(".config/containers/auth.json"));
    return files;
  }

  private Path dockerConfig() {
    String dir = env.get("DOCKER_CONFIG");
    return (dir != null && !dir.isBlank() ? Path.of(dir) : home.resolve(".docker")).resolve("config.json");
  }

  /**
   * The credential for {@code registry} ({@code host[:port]}) and {@code repository}; empty when
   * no source has one.
   *
   * @throws RegistryAuthException when a config file is malformed or a helper fails
   */
  public Optional<Credential> find(String registry, String repository) throws RegistryAuthException {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    List<Path> files = files();
    Path docker = files.get(0);
    JsonNode config = read(docker);
    if (config != null) {
      String helper = config.path("credHelpers").path(helperKey(registry)).asText(null);
      String where = "credHelpers";
      if (helper == null && config.hasNonNull("credsStore")) {
        helper = config.path("credsStore").asText();
        where = "credsStore";
      }
      if (helper != null && !helper.isBlank()) {
        Optional<Credential> c = runHelper(helper, helperKey(registry), where + " in " + docker);
        if (c.isPresent()) {
          return c;
        }
      }
      Optional<Credential> c = fromAuths(config, registry, repository, docker);
      if (c.isPresent()) {
        return c;
      }
    }
    for (Path file : files.subList(1, files.size())) {
      JsonNode auth = read(file);
      if (auth != null) {
        Optional<Credential> c = fromAuths(auth, registry, repository, file);
        if (c.isPresent()) {
          return c;
        }
      }
    }
    return Optional.empty();
  }

  private static String helperKey(String registry) {
    return registry.equals(RegistryReference.DOCKER_HUB) ? DOCKER_HUB_KEYS.get(0) : registry;
  }

  private static JsonNode read(Path file) throws RegistryAuthException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new RegistryAuthException(file + " is not a JSON object; fix or remove it");
      }
      return node;
    } catch (IOException e) {
      throw new RegistryAuthException("cannot read credentials file " + file + ": " + e.getMessage());
    }
  }

  /**
   * The {@code auths} entry for the registry: an entry for {@code host/repository} (or a parent
   * namespace, as containers' auth.json allows) wins over one for the host; keys may carry a scheme.
   */
  private static Optional<Credential> fromAuths(JsonNode config, String registry, String repository, Path file)
      throws RegistryAuthException {
    JsonNode auths = config.path("auths");
    String bestKey = null;
    JsonNode best = null;
    int bestLength = -1;
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = normalizeKey(e.getKey());
      String target = registry + "/" + repository;
      boolean matches = key.equals(registry) || target.equals(key) || target.startsWith(key + "/");
      if (registry.equals(RegistryReference.DOCKER_HUB) && DOCKER_HUB_KEYS.contains(e.getKey())) {
        matches = true;
      }
      if (matches && key.length() > bestLength && (e.getValue().hasNonNull("auth")
          || e.getValue().hasNonNull("identitytoken") || e.getValue().hasNonNull("password"))) {
        bestKey = e.getKey();
        best = e.getValue();
        bestLength = key.length();
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    String source = "auths[\"" + bestKey + "\"] in " + file;
    String username;
    String secret;
    if (!best.path("auth").asText("").isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(best.get("auth").asText().trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new RegistryAuthException(source + ": 'auth' is not base64 of user:password; log in again");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new RegistryAuthException(source + ": 'auth' is not base64 of user:password; log in again");
      }
      username = decoded.substring(0, colon);
      secret = decoded.substring(colon + 1);
    } else {
      username = best.path("username").asText("");
      secret = best.path("password").asText("");
    }
    if (best.hasNonNull("identitytoken") && !best.get("identitytoken").asText().isEmpty()) {
      return Optional.of(new Credential(Credential.IDENTITY_TOKEN_USER, best.get("identitytoken").asText(), source));
    }
    if (username.isEmpty() && secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Credential(username, secret, source));
  }

  /** {@code https://host:port/v1/} and {@code host:port} name the same registry. */
  private static String normalizeKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
      int slash = k.indexOf('/');
      k = slash < 0 ? k : k.substring(0, slash);
    }
    while (k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    return k;
  }

  /** Runs {@code docker-credential-<helper> get} with the server URL on stdin; empty when it has none. */
  private Optional<Credential> runHelper(String helper, String serverUrl, String configuredIn)
      throws RegistryAuthException {
    String name = "docker-credential-" + helper;
    Path executable = onPath(name);
    String source = name + " (" + configuredIn + ")";
    if (executable == null) {
      throw new RegistryAuthException(configuredIn + " names the credential helper '" + helper + "', but " + name
          + " is not on PATH; install it or remove the entry");
    }
    try {
      Process p = new ProcessBuilder(executable.toString(), "get").redirectErrorStream(false).start();
      try (var in = p.getOutputStream()) {
        in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      }
      byte[] out = p.getInputStream().readNBytes(1 << 20);
      byte[] err = p.getErrorStream().readNBytes(4096);
      if (!p.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RegistryAuthException(source + " did not answer within " + HELPER_TIMEOUT_SECONDS + " s");
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        // The helper protocol's answer for "nothing stored": not an error, just no credential.
        if ((text + new String(err, StandardCharsets.UTF_8)).contains("credentials not found")) {
          return Optional.empty();
        }
        throw new RegistryAuthException(source + " failed (exit " + p.exitValue() + ") for " + serverUrl
            + "; run '" + name + " get' by hand to see why");
      }
      JsonNode doc = JSON.readTree(text);
      String user = doc == null ? "" : doc.path("Username").asText("");
      String secret = doc == null ? "" : doc.path("Secret").asText("");
      return secret.isEmpty() ? Optional.empty() : Optional.of(new Credential(user, secret, source));
    } catch (IOException e) {
      throw new RegistryAuthException(source + " could not be run or answered no JSON: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryAuthException("interrupted while running " + source);
    }
  }

  private Path onPath(String name) {
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    return null;
  }
}

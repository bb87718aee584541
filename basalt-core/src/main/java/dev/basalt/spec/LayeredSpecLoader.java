package dev.basalt.spec;

import dev.basalt.cache.Digest;
import dev.basalt.spec.SpecNode.Mapping;
import dev.basalt.spec.SpecNode.Scalar;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Loads a layered spec ({@code from:} and {@code layers:}) with the same checks and messages as
 * {@link SpecLoader}: file, line and key, the closest valid key for an unknown one, and each
 * source path checked to exist relative to the spec's directory.
 */
final class LayeredSpecLoader {
  static final String FROM = "from";
  private static final Set<String> TOP_KEYS = Set.of("name", FROM, "archs", "layers", "entrypoint", "cmd",
      "environment", "work-dir", "user", "labels", "ports", "healthcheck", "created", "harden", "audit", "tests",
      "annotations");
  private static final Set<String> LAYER_KEYS = Set.of("name", "files");
  private static final Set<String> FILE_KEYS = Set.of("src", "dest", "glob", "mode", "dir-mode", "uid", "gid");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}(/(tcp|udp|sctp))?");

  private final SpecLoader spec;

  LayeredSpecLoader(SpecLoader spec) {
    this.spec = spec;
  }

  static boolean isLayered(byte[] bytes, Path file) throws SpecException {
    SpecNode root = SpecReader.read(bytes, file);
    return root instanceof Mapping m && m.entries().containsKey(FROM);
  }

  LayeredSpec bind(SpecNode root, Digest digest) throws SpecException {
    Mapping top = spec.mapping(root, "the spec");
    spec.checkKeys(top, TOP_KEYS, "at the top level of a spec with 'from'");
    Mapping.Entry name = spec.require(top, "name", "the top level");
    String imageName = spec.string(name);
    if (!NAME.matcher(imageName).matches()) {
      throw spec.error(name.keyLine(), "'name' must be lowercase letters, digits, '.', '_' or '-', not '"
          + imageName + "'");
    }
    Map<String, Mapping.Entry> e = top.entries();
    Mapping.Entry from = e.get(FROM);
    String base = spec.string(from);
    if (base.startsWith("./") || base.startsWith("../")) {
      base = spec.file().toAbsolutePath().getParent().resolve(base).normalize().toString();
    }
    return new LayeredSpec(spec.file(), digest, imageName, base,
        e.containsKey("archs") ? spec.archs(e.get("archs")) : null,
        layers(spec.require(top, "layers", "a spec with 'from'")),
        e.containsKey("entrypoint") ? spec.optionalStrings(e.get("entrypoint")) : null,
        e.containsKey("cmd") ? spec.optionalStrings(e.get("cmd")) : null,
        spec.optionalStringMap(e.get("environment")),
        e.containsKey("work-dir") ? spec.absolutePath(e.get("work-dir")) : null,
        e.containsKey("user") ? user(e.get("user")) : null,
        spec.optionalStringMap(e.get("labels")),
        ports(e.get("ports")),
        e.containsKey("healthcheck") ? healthcheck(e.get("healthcheck")) : null,
        e.containsKey("created") ? created(e.get("created")) : null,
        spec.harden(e.get("harden")),
        spec.audit(e.get("audit")),
        spec.tests(e.get("tests")),
        spec.optionalStringMap(e.get("annotations")));
  }

  private List<LayeredSpec.Layer> layers(Mapping.Entry e) throws SpecException {
    List<LayeredSpec.Layer> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SpecNode node : spec.sequence(e).items()) {
      Mapping m = spec.mapping(node, "an entry of 'layers'");
      spec.checkKeys(m, LAYER_KEYS, "in an entry of 'layers'");
      Mapping.Entry nameEntry = spec.require(m, "name", "an entry of 'layers'");
      String name = spec.string(nameEntry);
      if (!LAYER_NAME.matcher(name).matches()) {
        throw spec.error(nameEntry.keyLine(), "a layer 'name' is letters, digits, '.', '_' or '-', not '" + name + "'");
      }
      if (!names.add(name)) {
        throw spec.error(nameEntry.keyLine(), "layer '" + name + "' is named twice in 'layers'");
      }
      Mapping.Entry filesEntry = spec.require(m, "files", "layer '" + name + "'");
      List<LayeredSpec.Files> files = new ArrayList<>();
      for (SpecNode f : spec.sequence(filesEntry).items()) {
        files.add(files(spec.mapping(f, "an entry of 'files'")));
      }
      if (files.isEmpty()) {
        throw spec.error(filesEntry.keyLine(), "layer '" + name + "' lists no files; leave an empty layer out");
      }
      out.add(new LayeredSpec.Layer(name, files, m.line()));
    }
    return out;
  }

  private LayeredSpec.Files files(Mapping m) throws SpecException {
    spec.checkKeys(m, FILE_KEYS, "in an entry of 'files'");
    Mapping.Entry srcEntry = spec.require(m, "src", "an entry of 'files'");
    Path src = spec.file().toAbsolutePath().getParent().resolve(spec.string(srcEntry)).normalize();
    if (!Files.exists(src, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw spec.error(srcEntry.keyLine(), "'src' " + spec.string(srcEntry) + " does not exist (looked at " + src
          + ")");
    }
    String dest = spec.absolutePath(spec.require(m, "dest", "an entry of 'files'"));
    if (dest.equals("/")) {
      throw spec.error(m.line(), "'dest' must be below /, not / itself");
    }
    Mapping.Entry globEntry = m.entries().get("glob");
    String glob = globEntry == null ? null : spec.string(globEntry);
    if (glob != null) {
      if (!Files.isDirectory(src)) {
        throw spec.error(globEntry.keyLine(), "'glob' selects in a directory, but 'src' " + src + " is not one");
      }
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (PatternSyntaxException bad) {
        throw spec.error(globEntry.keyLine(), "'glob' is not a valid pattern: " + bad.getDescription());
      }
    }
    Mapping.Entry mode = m.entries().get("mode");
    Mapping.Entry dirMode = m.entries().get("dir-mode");
    return new LayeredSpec.Files(src, dest, glob, mode == null ? null : spec.mode(mode),
        dirMode == null ? null : spec.mode(dirMode), spec.id(m.entries().get("uid")), spec.id(m.entries().get("gid")),
        m.line());
  }

  /** A uid, uid:gid or name; YAML may read a bare number as an integer. */
  private String user(Mapping.Entry e) throws SpecException {
    Scalar s = spec.scalar(e);
    if ((s.type() != Scalar.Type.STRING && s.type() != Scalar.Type.INT) || s.text().isBlank()
        || s.text().chars().anyMatch(Character::isWhitespace)) {
      throw spec.error(e.keyLine(), "'user' must be a uid, uid:gid or account name such as \"65532\", not "
          + s.describe());
    }
    return s.text();
  }

  private List<String> ports(Mapping.Entry e) throws SpecException {
    List<String> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    for (SpecNode item : spec.sequence(e).items()) {
      if (!(item instanceof Scalar s) || (s.type() != Scalar.Type.STRING && s.type() != Scalar.Type.INT)
          || !PORT.matcher(s.text()).matches() || Integer.parseInt(s.text().split("/")[0]) < 1
          || Integer.parseInt(s.text().split("/")[0]) > 65535) {
        throw spec.error(item.line(), "'ports' holds " + item.describe() + ", not a port like \"8080/tcp\"");
      }
      out.add(s.text());
    }
    return out;
  }

  private List<String> healthcheck(Mapping.Entry e) throws SpecException {
    if (e.value() instanceof Scalar s && s.type() == Scalar.Type.STRING) {
      throw spec.error(e.keyLine(), "'healthcheck' is a shell command line, which an image without a shell cannot"
          + " run: give the program and its arguments as a list (exec form), e.g. [/usr/bin/java, -cp, app.jar,"
          + " Health]");
    }
    List<String> test = spec.optionalStrings(e);
    if (test.isEmpty()) {
      throw spec.error(e.keyLine(), "'healthcheck' needs a program to run");
    }
    if (test.get(0).equals("CMD-SHELL") || test.get(0).equals("CMD") || test.get(0).equals("NONE")) {
      throw spec.error(e.keyLine(), "'healthcheck' lists the program and its arguments only (exec form), without"
          + " '" + test.get(0) + "'" + (test.get(0).equals("CMD-SHELL") ? "; a shell form cannot run without a shell"
              : ""));
    }
    return test;
  }

  private Instant created(Mapping.Entry e) throws SpecException {
    String text = spec.string(e);
    try {
      Instant t = Instant.parse(text);
      if (t.getEpochSecond() < 0) {
        throw spec.error(e.keyLine(), "'created' must not lie before 1970");
      }
      return t;
    } catch (DateTimeParseException bad) {
      throw spec.error(e.keyLine(), "'created' must be an RFC 3339 UTC time such as 2026-01-01T00:00:00Z, not '"
          + text + "'");
    }
  }
}

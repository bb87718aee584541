package dev.basalt.spec;

import dev.basalt.audit.Level;
import dev.basalt.audit.Rules;
import dev.basalt.check.StructureTests;

import dev.basalt.cache.Digest;
import dev.basalt.debian.Keyring;
import dev.basalt.debian.Repository;
import dev.basalt.debian.Suggestions;
import dev.basalt.spec.ImageSpec.Located;
import dev.basalt.spec.SpecNode.Mapping;
import dev.basalt.spec.SpecNode.Scalar;
import dev.basalt.spec.SpecNode.Sequence;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads and checks a YAML image spec. Every mistake is reported with file, line and key, and
 * an unknown key comes with the closest valid one.
 */
public final class SpecLoader {
  /** Debian architectures an image may be built for. */
  public static final List<String> ARCHITECTURES =
      List.of("amd64", "arm64", "armel", "armhf", "i386", "ppc64el", "riscv64", "s390x");

  static final List<String> DEFAULT_ARCHS = List.of("amd64", "arm64");
  private static final Map<String, String> ARCH_ALIASES =
      Map.of("x86_64", "amd64", "aarch64", "arm64", "x86-64", "amd64", "arm64/v8", "arm64");
  private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
  private static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Set<String> TOP_KEYS =
      Set.of("name", "archs", "contents", "accounts", "entrypoint", "cmd", "environment",
          "work-dir", "paths", "harden", "audit", "policy", "tests", "annotations");
  private static final Set<String> CONTENTS_KEYS = Set.of("repositories", "packages", "exclude");
  private static final Set<String> REPOSITORY_KEYS = Set.of("archive", "url", "suites", "components", "keyring");
  private static final Set<String> ACCOUNTS_KEYS = Set.of("run-as");
  private static final Set<String> PATH_KEYS = Set.of("path", "type", "mode", "uid", "gid", "target");
  private static final List<String> PATH_TYPES = List.of("directory", "empty-file", "symlink");
  private static final List<String> HARDEN_KEYS =
      List.of("allow-shell", "allow-package-manager", "allow-setuid", "allow-root", "keep-docs",
          "keep-man", "keep-info", "keep-locales", "keep-gconv", "keep-jvm-cds");
  /** The harden keys that loosen what the audit checks, and so need a reason. */
  private static final int ALLOW_KEYS = 4;
  private static final String HARDEN_REASON = "reason";
  private static final Set<String> AUDIT_KEYS = Set.of("fail-level", "waive");
  private static final Set<String> TESTS_KEYS = Set.of("metadata", "files", "file-contents", "commands");
  private static final Set<String> METADATA_KEYS = Set.of("user", "entrypoint", "cmd", "env", "workdir");
  private static final Set<String> FILE_TEST_KEYS = Set.of("path", "exists", "mode", "uid", "gid");
  private static final Set<String> CONTENT_TEST_KEYS = Set.of("path", "matches", "excludes");
  private static final Set<String> COMMAND_TEST_KEYS = Set.of("name", "args", "exit-code", "stdout", "stderr");

  private final Path file;

  SpecLoader(Path file) {
    this.file = file;
  }

  /** Loads the spec at {@code file}. */
  public static ImageSpec load(Path file) throws SpecException {
    return parse(read(file, "spec file"), file);
  }

  /** Whether the spec at {@code file} layers onto a base ({@code from:}) rather than installing packages. */
  public static boolean isLayered(Path file) throws SpecException {
    return LayeredSpecLoader.isLayered(read(file, "spec file"), file);
  }

  /** Loads a spec that starts {@code from:} a base and adds {@code layers:}. */
  public static LayeredSpec loadLayered(Path file) throws SpecException {
    byte[] bytes = read(file, "spec file");
    return new LayeredSpecLoader(new SpecLoader(file)).bind(SpecReader.read(bytes, file), Digest.of(bytes));
  }

  /** The bytes of {@code file}, a {@code what} ("spec file", "policy file") in the errors. */
  static byte[] read(Path file, String what) throws SpecException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SpecException(what + " " + file + " does not exist");
    } catch (IOException e) {
      throw new SpecException("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  Path file() {
    return file;
  }

  /** Parses spec bytes; {@code file} names them in errors and anchors relative key paths. */
  public static ImageSpec parse(byte[] bytes, Path file) throws SpecException {
    return new SpecLoader(file).bind(SpecReader.read(bytes, file), Digest.of(bytes));
  }

  private ImageSpec bind(SpecNode root, Digest digest) throws SpecException {
    Mapping top = mapping(root, "the spec");
    if (top.entries().containsKey(LayeredSpecLoader.FROM)) {
      throw error(top.entries().get(LayeredSpecLoader.FROM).keyLine(), "this spec layers onto a base image ('from'):"
          + " it installs no packages of its own to resolve or lock; basalt build builds it");
    }
    checkKeys(top, TOP_KEYS, "at the top level");
    Mapping.Entry name = require(top, "name", "the top level");
    String imageName = string(name);
    if (!IMAGE_NAME.matcher(imageName).matches()) {
      throw error(name.keyLine(), "'name' must be lowercase letters, digits, '.', '_' or '-', not '" + imageName + "'");
    }
    return new ImageSpec(
        file,
        digest,
        imageName,
        archs(top.entries().get("archs")),
        contents(require(top, "contents", "the top level")),
        accounts(top.entries().get("accounts")),
        optionalStrings(top.entries().get("entrypoint")),
        optionalStrings(top.entries().get("cmd")),
        optionalStringMap(top.entries().get("environment")),
        top.entries().containsKey("work-dir") ? absolutePath(top.entries().get("work-dir")) : "/home/nonroot",
        paths(top.entries().get("paths")),
        harden(top.entries().get("harden")),
        audit(top.entries().get("audit")),
        top.entries().containsKey("policy") ? new PolicyReader(file).entry(top.entries().get("policy"))
            : dev.basalt.policy.PackagePolicy.NONE,
        tests(top.entries().get("tests")),
        optionalStringMap(top.entries().get("annotations")));
  }

  List<String> archs(Mapping.Entry e) throws SpecException {
    if (e == null) {
      return DEFAULT_ARCHS;
    }
    List<String> archs = new ArrayList<>();
    for (Located a : locatedStrings(e)) {
      if (!ARCHITECTURES.contains(a.value())) {
        String alias = ARCH_ALIASES.get(a.value());
        List<String> close = alias != null ? List.of(alias) : Suggestions.closest(a.value(), ARCHITECTURES);
        throw error(a.line(), "unknown architecture '" + a.value() + "' in 'archs'" + didYouMean(close)
            + " (Debian names: " + String.join(", ", ARCHITECTURES) + ")");
      }
      if (archs.contains(a.value())) {
        throw error(a.line(), "architecture '" + a.value() + "' is listed twice in 'archs'");
      }
      archs.add(a.value());
    }
    if (archs.isEmpty()) {
      throw error(e.keyLine(), "'archs' must name at least one architecture");
    }
    return archs;
  }

  private ImageSpec.Contents contents(Mapping.Entry e) throws SpecException {
    Mapping m = mapping(e);
    checkKeys(m, CONTENTS_KEYS, "in 'contents'");
    Mapping.Entry repos = require(m, "repositories", "'contents'");
    List<Repository> repositories = new ArrayList<>();
    for (SpecNode node : sequence(repos).items()) {
      repositories.add(repository(node));
    }
    if (repositories.isEmpty()) {
      throw error(repos.keyLine(), "'contents.repositories' must list at least one repository");
    }
    Mapping.Entry pkgs = require(m, "packages", "'contents'");
    List<Located> packages = packageNames(pkgs, "packages");
    if (packages.isEmpty()) {
      throw error(pkgs.keyLine(), "'contents.packages' must list at least one package");
    }
    List<Located> exclude = m.entries().containsKey("exclude") ? packageNames(m.entries().get("exclude"), "exclude") : List.of();
    for (Located x : exclude) {
      for (Located p : packages) {
        if (p.value().equals(x.value())) {
          throw error(x.line(), "'" + x.value() + "' is excluded but also requested in packages (line " + p.line() + ")");
        }
      }
    }
    return new ImageSpec.Contents(repositories, packages, exclude);
  }

  private Repository repository(SpecNode node) throws SpecException {
    Mapping m = mapping(node, "a repository");
    checkKeys(m, REPOSITORY_KEYS, "in a repository");
    Mapping.Entry archive = m.entries().get("archive");
    Mapping.Entry url = m.entries().get("url");
    if ((archive == null) == (url == null)) {
      throw error(m.line(), "a repository needs exactly one of 'archive' (a named archive such as debian"
          + " or debian-security, whose mirror comes from configuration) or 'url'");
    }
    URI uri = null;
    if (url != null) {
      String text = string(url);
      try {
        uri = new URI(text);
      } catch (URISyntaxException ex) {
        throw error(url.keyLine(), "'url' is not a valid URL: " + ex.getMessage());
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw error(url.keyLine(), "'url' must be an http or https URL, not '" + text + "'");
      }
    }
    String archiveName = archive == null ? null : string(archive);
    if (archiveName != null && !IMAGE_NAME.matcher(archiveName).matches()) {
      throw error(archive.keyLine(), "'archive' must be a name such as debian or debian-security, not '" + archiveName + "'");
    }
    List<String> suites = nonEmptyStrings(require(m, "suites", "a repository"));
    List<String> components =
        m.entries().containsKey("components") ? nonEmptyStrings(m.entries().get("components")) : List.of("main");
    return new Repository(archiveName, uri, suites, components, keyring(require(m, "keyring", "a repository")));
  }

  private Repository.KeyringRef keyring(Mapping.Entry e) throws SpecException {
    String value = string(e);
    boolean looksLikeFile = value.contains("/") || value.endsWith(".asc") || value.endsWith(".gpg") || value.endsWith(".pgp");
    if (!looksLikeFile) {
      if (!Keyring.bundledNames().contains(value)) {
        throw error(e.keyLine(), "unknown keyring '" + value + "'"
            + didYouMean(Suggestions.closest(value, Keyring.bundledNames()))
            + " (bundled: " + String.join(", ", Keyring.bundledNames().stream().sorted().toList())
            + "; or give a path to an .asc or .gpg key file)");
      }
      return new Repository.KeyringRef(value, null);
    }
    Path base = file.toAbsolutePath().getParent();
    Path key = base.resolve(value).normalize();
    if (!Files.isRegularFile(key)) {
      throw error(e.keyLine(), "keyring file '" + value + "' does not exist (looked at " + key + ")");
    }
    return new Repository.KeyringRef(null, key);
  }

  private List<Located> packageNames(Mapping.Entry e, String key) throws SpecException {
    List<Located> names = locatedStrings(e);
    for (Located n : names) {
      if (!PACKAGE_NAME.matcher(n.value()).matches()) {
        throw error(n.line(), "'" + n.value() + "' in '" + key + "' is not a valid Debian package name"
            + " (lowercase letters, digits, '+', '-', '.'; at least two characters)");
      }
    }
    for (int i = 0; i < names.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (names.get(i).value().equals(names.get(j).value())) {
          throw error(names.get(i).line(), "'" + names.get(i).value() + "' is listed twice in '" + key
              + "' (first on line " + names.get(j).line() + ")");
        }
      }
    }
    return names;
  }

  private ImageSpec.Accounts accounts(Mapping.Entry e) throws SpecException {
    if (e == null) {
      return new ImageSpec.Accounts("nonroot");
    }
    Mapping m = mapping(e);
    checkKeys(m, ACCOUNTS_KEYS, "in 'accounts'");
    Mapping.Entry runAs = m.entries().get("run-as");
    return new ImageSpec.Accounts(runAs == null ? "nonroot" : string(runAs));
  }

  private List<ImageSpec.PathSpec> paths(Mapping.Entry e) throws SpecException {
    if (e == null) {
      return List.of();
    }
    List<ImageSpec.PathSpec> paths = new ArrayList<>();
    for (SpecNode node : sequence(e).items()) {
      Mapping m = mapping(node, "an entry of 'paths'");
      checkKeys(m, PATH_KEYS, "in an entry of 'paths'");
      String path = absolutePath(require(m, "path", "an entry of 'paths'"));
      Mapping.Entry typeEntry = require(m, "type", "an entry of 'paths'");
      String type = string(typeEntry);
      if (!PATH_TYPES.contains(type)) {
        throw error(typeEntry.keyLine(), "unknown path type '" + type + "'"
            + didYouMean(Suggestions.closest(type, PATH_TYPES)) + " (one of " + String.join(", ", PATH_TYPES) + ")");
      }
      Mapping.Entry target = m.entries().get("target");
      if (type.equals("symlink") != (target != null)) {
        throw error(m.line(), type.equals("symlink") ? "a symlink needs a 'target'" : "only a symlink takes a 'target'");
      }
      Mapping.Entry mode = m.entries().get("mode");
      paths.add(new ImageSpec.PathSpec(
          path, type, mode == null ? null : mode(mode), id(m.entries().get("uid")), id(m.entries().get("gid")),
          target == null ? null : string(target), m.line()));
    }
    return paths;
  }

  ImageSpec.Harden harden(Mapping.Entry e) throws SpecException {
    if (e == null) {
      return ImageSpec.Harden.STRICT;
    }
    Mapping m = mapping(e);
    Set<String> keys = new java.util.HashSet<>(HARDEN_KEYS);
    keys.add(HARDEN_REASON);
    checkKeys(m, keys, "in 'harden'");
    boolean[] v = new boolean[HARDEN_KEYS.size()];
    List<String> loosened = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      Mapping.Entry flag = m.entries().get(HARDEN_KEYS.get(i));
      v[i] = flag != null && bool(flag);
      if (i < ALLOW_KEYS && v[i]) {
        loosened.add(HARDEN_KEYS.get(i));
      }
    }
    Mapping.Entry reasonEntry = m.entries().get(HARDEN_REASON);
    String reason = reasonEntry == null ? null : string(reasonEntry).trim();
    if (!loosened.isEmpty() && (reason == null || reason.isEmpty())) {
      throw error(e.keyLine(), "'harden' allows what the audit forbids (" + String.join(", ", loosened)
          + "): say why with 'reason: ...' in 'harden'; the build summary and the audit report it");
    }
    return new ImageSpec.Harden(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], reason);
  }

  ImageSpec.Audit audit(Mapping.Entry e) throws SpecException {
    if (e == null) {
      return ImageSpec.Audit.DEFAULT;
    }
    Mapping m = mapping(e);
    checkKeys(m, AUDIT_KEYS, "in 'audit'");
    Level failLevel = Level.WARN;
    Mapping.Entry level = m.entries().get("fail-level");
    if (level != null) {
      failLevel = Level.parse(string(level));
      if (failLevel == null) {
        throw error(level.keyLine(), "'fail-level' must be info, warn or fatal, not '" + string(level) + "'");
      }
    }
    Map<String, String> waive = new java.util.TreeMap<>();
    Mapping.Entry waiveEntry = m.entries().get("waive");
    if (waiveEntry != null) {
      Mapping w = mapping(waiveEntry);
      for (Mapping.Entry rule : w.entries().values()) {
        if (Rules.byId(rule.key()) == null) {
          throw error(rule.keyLine(), "unknown audit rule '" + rule.key() + "' in 'waive'"
              + didYouMean(Rules.suggest(rule.key())) + " (basalt audit --rules lists them)");
        }
        String reason = string(rule).trim();
        if (reason.isEmpty()) {
          throw error(rule.keyLine(), "waiving '" + rule.key() + "' needs a reason as its value");
        }
        waive.put(rule.key(), reason);
      }
    }
    return new ImageSpec.Audit(failLevel, waive);
  }

  StructureTests tests(Mapping.Entry e) throws SpecException {
    if (e == null) {
      return StructureTests.NONE;
    }
    Mapping m = mapping(e);
    checkKeys(m, TESTS_KEYS, "in 'tests'");
    StructureTests.Metadata metadata = null;
    Mapping.Entry md = m.entries().get("metadata");
    if (md != null) {
      Mapping mm = mapping(md);
      checkKeys(mm, METADATA_KEYS, "in 'tests.metadata'");
      metadata = new StructureTests.Metadata(
          mm.entries().containsKey("user") ? string(mm.entries().get("user")) : null,
          mm.entries().containsKey("entrypoint") ? optionalStrings(mm.entries().get("entrypoint")) : null,
          mm.entries().containsKey("cmd") ? optionalStrings(mm.entries().get("cmd")) : null,
          optionalStringMap(mm.entries().get("env")),
          mm.entries().containsKey("workdir") ? string(mm.entries().get("workdir")) : null);
    }
    List<StructureTests.FileTest> files = new ArrayList<>();
    for (Mapping f : mappings(m.entries().get("files"), "tests.files")) {
      checkKeys(f, FILE_TEST_KEYS, "in an entry of 'tests.files'");
      Mapping.Entry uid = f.entries().get("uid");
      Mapping.Entry gid = f.entries().get("gid");
      files.add(new StructureTests.FileTest(testPath(require(f, "path", "an entry of 'tests.files'")),
          !f.entries().containsKey("exists") || bool(f.entries().get("exists")),
          f.entries().containsKey("mode") ? mode(f.entries().get("mode")) : null,
          uid == null ? null : (long) id(uid), gid == null ? null : (long) id(gid)));
    }
    List<StructureTests.ContentTest> contents = new ArrayList<>();
    for (Mapping c : mappings(m.entries().get("file-contents"), "tests.file-contents")) {
      checkKeys(c, CONTENT_TEST_KEYS, "in an entry of 'tests.file-contents'");
      contents.add(new StructureTests.ContentTest(testPath(require(c, "path", "an entry of 'tests.file-contents'")),
          regexes(c.entries().get("matches")), regexes(c.entries().get("excludes"))));
    }
    List<StructureTests.CommandTest> commands = new ArrayList<>();
    for (Mapping c : mappings(m.entries().get("commands"), "tests.commands")) {
      checkKeys(c, COMMAND_TEST_KEYS, "in an entry of 'tests.commands'");
      List<String> args = optionalStrings(require(c, "args", "an entry of 'tests.commands'"));
      if (args.isEmpty()) {
        throw error(c.line(), "a command test needs 'args': the program and its arguments");
      }
      Mapping.Entry code = c.entries().get("exit-code");
      commands.add(new StructureTests.CommandTest(string(require(c, "name", "an entry of 'tests.commands'")), args,
          code == null ? null : id(code), regexes(c.entries().get("stdout")), regexes(c.entries().get("stderr"))));
    }
    return new StructureTests(metadata, files, contents, commands);
  }

  /** An absolute path, or one that starts with a test variable such as {@code ${ld.so}}. */
  private String testPath(Mapping.Entry e) throws SpecException {
    String p = string(e);
    return p.startsWith("${") && p.indexOf('}') > 2 && !p.contains("..") ? p : absolutePath(e);
  }

  private List<Mapping> mappings(Mapping.Entry e, String what) throws SpecException {
    List<Mapping> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    if (!(e.value() instanceof SpecNode.Sequence seq)) {
      throw error(e.keyLine(), "'" + what + "' must be a list, not " + e.value().describe());
    }
    for (SpecNode item : seq.items()) {
      out.add(mapping(item, "an entry of '" + what + "'"));
    }
    return out;
  }

  private List<String> regexes(Mapping.Entry e) throws SpecException {
    List<String> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    for (Located re : locatedStrings(e)) {
      try {
        java.util.regex.Pattern.compile(re.value());
      } catch (java.util.regex.PatternSyntaxException bad) {
        throw error(re.line(), "'" + e.key() + "' holds an invalid regular expression '" + re.value() + "': "
            + bad.getDescription());
      }
      out.add(re.value());
    }
    return out;
  }

  Integer mode(Mapping.Entry e) throws SpecException {
    Scalar s = scalar(e);
    String text = s.text() == null ? "" : s.text();
    // YAML reads 0755 as the octal number 493 under 1.1 rules but 755 under 1.2: insist on a string.
    if (s.type() != Scalar.Type.STRING || !text.matches("0?[0-7]{3,4}")) {
      throw error(e.keyLine(), "'mode' must be an octal string such as '0755' (quoted), not " + s.describe());
    }
    return Integer.parseInt(text, 8);
  }

  int id(Mapping.Entry e) throws SpecException {
    if (e == null) {
      return 0;
    }
    Scalar s = scalar(e);
    if (s.type() != Scalar.Type.INT) {
      throw error(e.keyLine(), "'" + e.key() + "' must be a number, not " + s.describe());
    }
    long v = Long.parseLong(s.text());
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw error(e.keyLine(), "'" + e.key() + "' is out of range: " + v);
    }
    return (int) v;
  }

  String absolutePath(Mapping.Entry e) throws SpecException {
    String p = string(e);
    if (!p.startsWith("/") || p.contains("/../") || p.endsWith("/..") || p.contains("\0")) {
      throw error(e.keyLine(), "'" + e.key() + "' must be an absolute path without '..', not '" + p + "'");
    }
    return p;
  }

  void checkKeys(Mapping m, Set<String> allowed, String where) throws SpecException {
    for (Mapping.Entry e : m.entries().values()) {
      if (!allowed.contains(e.key())) {
        throw error(e.keyLine(), "unknown key '" + e.key() + "' " + where
            + didYouMean(Suggestions.closest(e.key(), allowed))
            + " (valid: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  Mapping.Entry require(Mapping m, String key, String where) throws SpecException {
    Mapping.Entry e = m.entries().get(key);
    if (e == null) {
      throw error(m.line(), "missing required key '" + key + "' in " + where);
    }
    return e;
  }

  Mapping mapping(Mapping.Entry e) throws SpecException {
    if (e.value() instanceof Mapping m) {
      return m;
    }
    if (e.value() instanceof Scalar s && s.type() == Scalar.Type.NULL) {
      return new Mapping(Map.of(), e.keyLine());
    }
    throw error(e.keyLine(), "'" + e.key() + "' must be a map, not " + e.value().describe());
  }

  Mapping mapping(SpecNode n, String what) throws SpecException {
    if (n instanceof Mapping m) {
      return m;
    }
    throw error(n.line(), what + " must be a map, not " + n.describe());
  }

  Sequence sequence(Mapping.Entry e) throws SpecException {
    if (e.value() instanceof Sequence s) {
      return s;
    }
    throw error(e.keyLine(), "'" + e.key() + "' must be a list, not " + e.value().describe());
  }

  Scalar scalar(Mapping.Entry e) throws SpecException {
    if (e.value() instanceof Scalar s) {
      return s;
    }
    throw error(e.keyLine(), "'" + e.key() + "' must be a single value, not " + e.value().describe());
  }

  String string(Mapping.Entry e) throws SpecException {
    Scalar s = scalar(e);
    if (s.type() != Scalar.Type.STRING || s.text().isEmpty()) {
      throw error(e.keyLine(), "'" + e.key() + "' must be a non-empty string, not " + s.describe());
    }
    return s.text();
  }

  boolean bool(Mapping.Entry e) throws SpecException {
    Scalar s = scalar(e);
    if (s.type() != Scalar.Type.BOOL) {
      throw error(e.keyLine(), "'" + e.key() + "' must be true or false, not " + s.describe());
    }
    return Boolean.parseBoolean(s.text());
  }

  List<Located> locatedStrings(Mapping.Entry e) throws SpecException {
    List<Located> out = new ArrayList<>();
    for (SpecNode item : sequence(e).items()) {
      if (!(item instanceof Scalar s) || s.type() != Scalar.Type.STRING || s.text().isEmpty()) {
        throw error(item.line(), "'" + e.key() + "' must be a list of strings, but holds " + item.describe());
      }
      out.add(new Located(s.text(), s.line()));
    }
    return out;
  }

  private List<String> nonEmptyStrings(Mapping.Entry e) throws SpecException {
    List<String> values = locatedStrings(e).stream().map(Located::value).toList();
    if (values.isEmpty()) {
      throw error(e.keyLine(), "'" + e.key() + "' must not be empty");
    }
    return values;
  }

  List<String> optionalStrings(Mapping.Entry e) throws SpecException {
    return e == null ? List.of() : locatedStrings(e).stream().map(Located::value).toList();
  }

  Map<String, String> optionalStringMap(Mapping.Entry e) throws SpecException {
    if (e == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Mapping.Entry kv : mapping(e).entries().values()) {
      if (!(kv.value() instanceof Scalar s) || s.type() == Scalar.Type.NULL) {
        throw error(kv.keyLine(), "'" + e.key() + "." + kv.key() + "' must be a string value, not " + kv.value().describe());
      }
      out.put(kv.key(), s.text());
    }
    return out;
  }

  static String didYouMean(List<String> close) {
    return close.isEmpty() ? "" : "; did you mean '" + String.join("' or '", close) + "'?";
  }

  SpecException error(int line, String message) {
    return new SpecException(file, line, message);
  }
}

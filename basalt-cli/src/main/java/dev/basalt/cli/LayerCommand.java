package dev.basalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.layer.AppLayer;
import dev.basalt.layer.ConfigChanges;
import dev.basalt.layer.LayerEnvironment;
import dev.basalt.layer.LayerRequest;
import dev.basalt.layer.LayerResult;
import dev.basalt.layer.LayerSource;
import dev.basalt.layer.LayeredImageBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code basalt layer}: layers files onto a base image without a spec. */
@Command(name = "layer", mixinStandardHelpOptions = true,
    description = "Add files as layers on a base image (a preset, oci:DIR[:REF], docker-archive:FILE or docker://REF),"
        + " with config on top of the base's; audited like a build.")
final class LayerCommand implements Callable<Integer> {
  private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");
  private static final String GLOB_CHARS = "*?[{";

  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Option(names = "--from", required = true, paramLabel = "BASE", description = "The base image or preset name.")
  String from;

  @Option(names = "--add", paramLabel = "SRC:DEST[:MODE]", description = "A file, a directory (recursively) or a"
      + " glob (build/libs/*.jar) placed at the absolute image path DEST; each --add is one layer (repeatable).")
  List<String> adds = new ArrayList<>();

  @Option(names = "--entrypoint", paramLabel = "CMD", description = "A JSON array, or words split at spaces.")
  String entrypoint;

  @Option(names = "--cmd", paramLabel = "ARGS", description = "A JSON array, or words split at spaces.")
  String cmdArgs;

  @Option(names = "--env", paramLabel = "K=V", description = "An environment variable, over the base's (repeatable).")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--workdir", paramLabel = "DIR", description = "The working directory.")
  String workdir;

  @Option(names = "--user", paramLabel = "USER", description = "uid, uid:gid or account name (never root unless"
      + " --waive runs-as-root=REASON).")
  String user;

  @Option(names = "--label", paramLabel = "K=V", description = "A label, over the base's (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--port", paramLabel = "PORT", description = "An exposed port, 8080 or 8080/tcp (repeatable).")
  List<String> ports = new ArrayList<>();

  @Option(names = "--healthcheck", paramLabel = "CMD", description = "Exec-form health check: a JSON array or words.")
  String healthcheck;

  @Option(names = "--created", paramLabel = "TIME", description = "Creation time, RFC 3339 (default: the base's).")
  String created;

  @Option(names = "--waive", paramLabel = "RULE=REASON", description = "Waive an audit rule, with the reason.")
  Map<String, String> waive = new LinkedHashMap<>();

  @Option(names = "--arch", paramLabel = "ARCH", description = "Only this platform of the base (repeatable).")
  List<String> archs = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "OCI image layout to write.")
  Path out;

  @Option(names = "--name", paramLabel = "NAME", description = "The image's name (default: the --out directory's).")
  String name;

  @Option(names = "--reference", paramLabel = "REF", description = "The layout's reference (default: latest).")
  String reference;

  @Option(names = "--json", description = "Print a JSON summary instead of text.")
  boolean json;

  @Mixin MirrorOptions mirrors;

  @Override
  public Integer call() throws Exception {
    LayerRequest request;
    try {
      LayerRequest.Builder b = LayerRequest.builder(imageName(), from, out)
          .config(config()).reference(reference).waivers(waive).archs(archs.isEmpty() ? null : archs);
      if (created != null) {
        b.created(Instant.parse(created));
      }
      for (int i = 0; i < adds.size(); i++) {
        b.layer(AppLayer.of("add-" + (i + 1), source(adds.get(i))));
      }
      request = b.build();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new CommandLine.ParameterException(cmd.commandLine(), e.getMessage());
    }
    LayerResult result = LayeredImageBuilder.build(request,
        LayerEnvironment.defaults().withMirrors(mirrors.mirrorResolver(cmd.commandLine()))
            .withNotices(m -> cmd.commandLine().getErr().println("basalt: " + m)));
    LayerSummary.print(cmd.commandLine().getOut(), result, json);
    return 0;
  }

  private String imageName() {
    if (name != null) {
      return name;
    }
    Path file = out.toAbsolutePath().normalize().getFileName();
    String derived = file == null ? "" : file.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-")
        .replaceAll("^[^a-z0-9]+", "");
    return derived.isEmpty() ? "app" : derived;
  }

  /** {@code SRC:DEST[:MODE]}; a SRC whose last component holds glob characters selects in its directory. */
  static LayerSource source(String add) {
    String[] parts = add.split(":", -1);
    Integer mode = null;
    int n = parts.length;
    if (n >= 3 && MODE.matcher(parts[n - 1]).matches()) {
      mode = Integer.parseInt(parts[n - 1], 8);
      n--;
    }
    if (n < 2 || parts[n - 1].isEmpty() || parts[0].isEmpty()) {
      throw new IllegalArgumentException("--add " + add + " must be SRC:DEST[:MODE], e.g. target/app.jar:/app/app.jar");
    }
    String src = String.join(":", java.util.Arrays.copyOfRange(parts, 0, n - 1));
    String dest = parts[n - 1];
    Path srcPath = Path.of(src);
    String last = srcPath.getFileName() == null ? "" : srcPath.getFileName().toString();
    LayerSource s;
    if (last.chars().anyMatch(c -> GLOB_CHARS.indexOf(c) >= 0)) {
      Path dir = srcPath.getParent() == null ? Path.of(".") : srcPath.getParent();
      s = LayerSource.glob(dir, last, dest);
    } else {
      s = LayerSource.of(srcPath, dest);
    }
    return mode == null ? s : s.withFileMode(mode);
  }

  private ConfigChanges config() {
    ConfigChanges.Builder c = ConfigChanges.builder().env(env).workDir(workdir).user(user).labels(labels);
    ports.forEach(c::exposedPort);
    if (entrypoint != null) {
      c.entrypoint(words(entrypoint, "--entrypoint"));
    }
    if (cmdArgs != null) {
      c.cmd(words(cmdArgs, "--cmd"));
    }
    if (healthcheck != null) {
      c.healthcheck(words(healthcheck, "--healthcheck"));
    }
    return c.build();
  }

  /** A JSON array of strings, or words split at whitespace. */
  static List<String> words(String text, String option) {
    String t = text.trim();
    if (t.startsWith("[")) {
      try {
        JsonNode array = new ObjectMapper().readTree(t);
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
          if (!n.isTextual()) {
            throw new IllegalArgumentException(option + " must be a JSON array of strings: " + text);
          }
          out.add(n.asText());
        }
        return out;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException(option + " is not a valid JSON array: " + e.getOriginalMessage());
      }
    }
    return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
  }
}

package dev.basalt.audit;

import dev.basalt.image.ConfigView;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules about the image config: who it runs as, its environment, ports, volumes, health check and age. */
final class ConfigChecks {
  private ConfigChecks() {}

  static final Duration STALE_AFTER = Duration.ofDays(30);
  private static final Pattern SECRET_NAME = Pattern.compile(
      ".*(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH_?KEY).*");
  /** Names that look like secrets but are not: public signing-key ids, and paths to a secret file. */
  private static final Set<String> NOT_SECRET_NAMES = Set.of("GPG_KEY", "GPG_KEYS");
  private static final List<ValuePattern> SECRET_VALUES = List.of(
      new ValuePattern("an AWS access key id", Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])")),
      new ValuePattern("a GitHub token", Pattern.compile("gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}")),
      new ValuePattern("a GitLab token", Pattern.compile("glpat-[A-Za-z0-9_-]{20,}")),
      new ValuePattern("a Slack token", Pattern.compile("xox[abposr]-[A-Za-z0-9-]{10,}")),
      new ValuePattern("a private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY")),
      new ValuePattern("credentials in a URL", Pattern.compile("[a-z][a-z0-9+.-]*://[^/:@\\s]+:[^/@\\s]+@")));
  private static final Set<String> SYSTEM_DIRS = Set.of("/proc", "/sys", "/dev");

  private record ValuePattern(String what, Pattern pattern) {}

  static void check(AuditSubject s, RuntimeUser user, Evidence ev) {
    ConfigView c = s.config();
    String configured = c.user() == null ? "" : c.user().trim();
    if (user.isRoot()) {
      ev.add(Rules.RUNS_AS_ROOT, configured.isEmpty() ? "User is not set (defaults to root)"
          : "User=" + configured + (AccountFiles.number(userPart(configured)) == null ? " (uid 0 in /etc/passwd)" : ""));
    }
    if (!configured.isEmpty() && AccountFiles.number(userPart(configured)) == null) {
      ev.add(Rules.USER_NOT_NUMERIC, "User=" + configured + (user.uid() == null
          ? " (not in the image's /etc/passwd: the container cannot start)" : " (uid " + user.uid() + ")"));
    }
    for (String kv : c.env()) {
      int eq = kv.indexOf('=');
      String name = eq < 0 ? kv : kv.substring(0, eq);
      String value = eq < 0 ? "" : kv.substring(eq + 1);
      String found = null;
      for (ValuePattern p : SECRET_VALUES) {
        if (p.pattern().matcher(value).find()) {
          found = p.what();
          break;
        }
      }
      if (found != null) {
        ev.add(Rules.SECRET_ENV, "Env " + name + " holds " + found + " (value not shown)");
      } else if (!value.isEmpty() && !name.endsWith("_FILE") && !NOT_SECRET_NAMES.contains(name)
          && SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
        ev.add(Rules.SECRET_ENV_NAME, "Env " + name);
      }
    }
    for (String port : c.exposedPorts()) {
      if (port.equals("22") || port.startsWith("22/")) {
        ev.add(Rules.SSH_PORT, "ExposedPorts " + port);
      }
    }
    for (String volume : c.volumes()) {
      String v = volume.length() > 1 && volume.endsWith("/") ? volume.substring(0, volume.length() - 1) : volume;
      if (SYSTEM_DIRS.stream().anyMatch(d -> v.equals(d) || v.startsWith(d + "/"))) {
        ev.add(Rules.SYSTEM_VOLUME, "Volumes " + volume);
      }
    }
    if (c.healthcheck() == null || c.healthcheck().isEmpty() || c.healthcheck().get(0).equals("NONE")) {
      ev.add(Rules.NO_HEALTHCHECK, c.healthcheck() != null && !c.healthcheck().isEmpty()
          ? "Healthcheck is disabled (NONE)" : "config has no Healthcheck");
    }
    String ref = s.registryReference();
    if (ref != null && isLatest(ref)) {
      ev.add(Rules.LATEST_TAG, ref);
    }
    if (c.created() == null) {
      ev.add(Rules.STALE, "config has no valid 'created' date");
    } else if (c.created().plus(STALE_AFTER).isBefore(s.now())) {
      long days = Duration.between(c.created(), s.now()).toDays();
      ev.add(Rules.STALE, "created " + c.created() + " (" + days + " days ago)");
    }
  }

  private static String userPart(String configured) {
    int colon = configured.indexOf(':');
    return colon < 0 ? configured : configured.substring(0, colon);
  }

  /** Whether a registry reference names the latest tag, or no tag (which means latest). */
  static boolean isLatest(String ref) {
    if (ref.contains("@")) {
      return false;
    }
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    return colon <= slash || ref.substring(colon + 1).equals("latest");
  }
}

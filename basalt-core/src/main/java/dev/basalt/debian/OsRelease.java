package dev.basalt.debian;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fields of an {@code os-release} file (shell-style {@code KEY=value}, values optionally quoted). */
public record OsRelease(Map<String, String> fields) {
  /** A Debian release as purls name it: {@code VERSION_ID} such as "13", else the codename. */
  private static final String RELEASE = "[a-z0-9][a-z0-9.]*";

  public OsRelease {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static OsRelease parse(byte[] bytes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0 || line.startsWith("#")) {
        continue;
      }
      String value = line.substring(eq + 1).trim();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      out.put(line.substring(0, eq).trim(), value);
    }
    return new OsRelease(out);
  }

  public String get(String key) {
    return fields.get(key);
  }

  /** Whether the system is Debian or says it is like Debian. */
  public boolean isDebianLike() {
    return "debian".equals(get("ID")) || List.of(fields.getOrDefault("ID_LIKE", "").split(" ")).contains("debian");
  }

  /** {@code VERSION_ID} ("13"), else {@code VERSION_CODENAME}, else "unknown". */
  public String release() {
    for (String key : List.of("VERSION_ID", "VERSION_CODENAME")) {
      String v = get(key);
      if (v != null && v.matches(RELEASE)) {
        return v;
      }
    }
    return "unknown";
  }
}

package dev.basalt.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code WWW-Authenticate} challenge: its scheme ({@code bearer} or {@code basic}, lower-cased)
 * and parameters ({@code realm}, {@code service}, {@code scope}, {@code error}), as RFC 7235
 * writes them: {@code Bearer realm="https://auth.example/token",service="registry.example"}.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
  public static final String BEARER = "bearer";
  public static final String BASIC = "basic";

  public AuthChallenge {
    Objects.requireNonNull(scheme, "scheme == null");
    params = Map.copyOf(params);
  }

  /** The challenge in a header value, or null when there is none basalt can answer. */
  public static AuthChallenge parse(String header) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    int space = h.indexOf(' ');
    String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
    if (!scheme.equals(BEARER) && !scheme.equals(BASIC)) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    int i = space < 0 ? h.length() : space + 1;
    while (i < h.length()) {
      while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
        i++;
      }
      int eq = h.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < h.length() && h.charAt(i) == '"') {
        for (i++; i < h.length() && h.charAt(i) != '"'; i++) {
          if (h.charAt(i) == '\\' && i + 1 < h.length()) {
            i++;
          }
          value.append(h.charAt(i));
        }
        i++;
      } else {
        for (; i < h.length() && h.charAt(i) != ','; i++) {
          value.append(h.charAt(i));
        }
      }
      params.putIfAbsent(key, value.toString().trim());
    }
    return new AuthChallenge(scheme, params);
  }

  public String param(String name) {
    return params.get(name);
  }
}

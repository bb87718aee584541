package dev.basalt.effects;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Marks the image as basalt's in {@code os-release} while keeping it Debian's: only
 * {@code PRETTY_NAME} changes, to {@code basalt (<Debian's pretty name>)}, so scanners still
 * read {@code ID}, {@code VERSION_ID} and {@code VERSION_CODENAME} as Debian's. The file that
 * {@code /etc/os-release} leads to (trixie: {@code /usr/lib/os-release}) is the one rewritten;
 * {@code /etc/debian_version} is left alone.
 */
public final class OsReleaseEffect implements Effect {
  public static final String DISTRIBUTOR = "basalt";
  public static final String ETC_OS_RELEASE = "/etc/os-release";
  public static final String USR_OS_RELEASE = "/usr/lib/os-release";
  private static final int MAX_SIZE = 64 * 1024;
  private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");
  private static final Pattern NAME = Pattern.compile("(?m)^NAME=(.*)$");
  /** The os-release(5) default when the file has no {@code PRETTY_NAME}. */
  private static final String DEFAULT_PRETTY_NAME = "Linux";

  @Override
  public EffectResult apply(FileTree tree, EffectContext ctx) throws EffectException {
    EffectResult.Builder result = EffectResult.builder("os-release");
    String path = LinkResolver.resolve(tree, ETC_OS_RELEASE)
        .filter(p -> TreeFiles.regularFile(tree, p).isPresent())
        .orElse(USR_OS_RELEASE);
    FileEntry.RegularFile original = TreeFiles.regularFile(tree, path).orElse(null);
    if (original == null) {
      return result.note("no os-release in the tree (base-files not installed): nothing to rewrite").build();
    }
    String text = new String(TreeFiles.readSmall(original.content(), path, MAX_SIZE), StandardCharsets.UTF_8);
    String rewritten = rewrite(text);
    if (rewritten.equals(text)) {
      return result.build();
    }
    FileEntry existing = tree.get(path).orElseThrow();
    // The path stays the package's (dpkg would call it modified); the bytes are basalt's.
    result.put(tree, new FileEntry.RegularFile(path, original.mode(), original.uid(), original.gid(), ctx.epoch(),
        existing.owner(), Content.Inline.of(rewritten)));
    return result.build();
  }

  /** The file with its {@code PRETTY_NAME} line replaced, or one added on top when it has none. */
  static String rewrite(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    boolean seen = false;
    for (String line : text.split("(?<=\n)")) {
      String bare = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
      Matcher m = ASSIGNMENT.matcher(bare);
      if (m.matches() && m.group(1).equals("PRETTY_NAME")) {
        seen = true;
        out.append(prettyName(unquote(m.group(2)))).append(line.endsWith("\n") ? "\n" : "");
      } else {
        out.append(line);
      }
    }
    if (!seen) {
      Matcher name = NAME.matcher(text);
      String base = name.find() ? unquote(name.group(1)) : DEFAULT_PRETTY_NAME;
      out.insert(0, prettyName(base) + "\n");
    }
    return out.toString();
  }

  private static String prettyName(String debian) {
    String prefix = DISTRIBUTOR + " (";
    String value = debian.startsWith(prefix) ? debian : prefix + debian + ")";
    return "PRETTY_NAME=" + quote(value);
  }

  /** A value as os-release(5) writes it: shell quoting, either kind of quote, backslash escapes. */
  static String unquote(String raw) {
    StringBuilder s = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean escapable = i + 1 < raw.length() && (quote == 0 || "\"\\$`".indexOf(raw.charAt(i + 1)) >= 0);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          s.append(c);
        }
      } else if (c == '\\' && escapable) {
        s.append(raw.charAt(++i));
      } else if (quote == '"' && c == '"') {
        quote = 0;
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }

  static String quote(String value) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if ("\"\\$`".indexOf(c) >= 0) {
        s.append('\\');
      }
      s.append(c);
    }
    return s.append('"').toString();
  }
}

package dev.basalt.effects;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import dev.basalt.fs.Paths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The directories an image's {@code /etc/ld.so.conf} lists, read as ldconfig's
 * {@code parse_conf} reads it: {@code #} comments, {@code include} lines whose glob patterns
 * (relative ones to the including file's directory) name further files, read in C-locale order,
 * and {@code hwcap} lines ignored. Paths come back as written, less trailing blanks and slashes
 * and any {@code =libc6} suffix; whether they exist is the caller's business.
 */
final class LdSoConf {
  static final String CONF = "/etc/ld.so.conf";
  /** libc-bin's {@code /etc/ld.so.conf}, assumed when the image does not have libc-bin. */
  static final String DEFAULT_CONF = "include /etc/ld.so.conf.d/*.conf\n";
  private static final int MAX_CONF_SIZE = 1 << 20;
  /** ldconfig recurses until its stack runs out; this many nested includes is a loop. */
  private static final int MAX_INCLUDE_DEPTH = 32;

  private final FileTree tree;
  private final Consumer<String> notes;
  private final List<String> directories = new ArrayList<>();

  private LdSoConf(FileTree tree, Consumer<String> notes) {
    this.tree = tree;
    this.notes = notes;
  }

  /** The listed directories in ldconfig's order, duplicates kept; {@code notes} gets its warnings. */
  static List<String> directories(FileTree tree, Consumer<String> notes) throws EffectException {
    LdSoConf conf = new LdSoConf(tree, notes);
    if (tree.contains(CONF) || LinkResolver.resolve(tree, CONF).isPresent()) {
      conf.parse(CONF, 0);
    } else {
      notes.accept("no " + CONF + " (libc-bin not installed): read as libc-bin ships it, \""
          + DEFAULT_CONF.strip() + "\"");
      conf.parseText(CONF, DEFAULT_CONF, 0);
    }
    return List.copyOf(conf.directories);
  }

  private void parse(String file, int depth) throws EffectException {
    FileEntry.RegularFile f = TreeFiles.regularFile(tree, file).orElse(null);
    if (f == null) {
      // Missing files are skipped silently, as fopen's ENOENT is; a directory reads as empty.
      return;
    }
    parseText(file, new String(TreeFiles.readSmall(f.content(), file, MAX_CONF_SIZE), StandardCharsets.UTF_8), depth);
  }

  private void parseText(String file, String text, int depth) throws EffectException {
    if (depth > MAX_INCLUDE_DEPTH) {
      throw new EffectException(file + " is included more than " + MAX_INCLUDE_DEPTH
          + " levels deep: the ld.so.conf include lines loop; ldconfig would crash on them");
    }
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      int cut = firstOf(line, '\0', '#');
      String cp = line.substring(skipSpace(line, 0), Math.max(skipSpace(line, 0), cut));
      if (cp.isEmpty()) {
        continue;
      }
      if (cp.startsWith("include") && cp.length() > 7 && isBlank(cp.charAt(7))) {
        for (String pattern : cp.substring(8).split("[ \t]")) {
          if (!pattern.isEmpty()) {
            include(file, pattern, depth);
          }
        }
      } else if (cp.regionMatches(true, 0, "hwcap", 0, 5) && cp.length() > 5 && isBlank(cp.charAt(5))) {
        notes.accept(file + ":" + lineNo + ": hwcap directive ignored");
      } else {
        String dir = canonical(cp);
        if (!dir.isEmpty()) {
          directories.add(dir);
        }
      }
    }
  }

  private void include(String file, String pattern, int depth) throws EffectException {
    String absolute = pattern.startsWith("/") ? pattern : Paths.parent(file) + "/" + pattern;
    List<String> files = glob(absolute);
    // glob sorts with strcoll, and ldconfig sets LC_COLLATE to C: by bytes.
    files.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    for (String f : files) {
      parse(f, depth + 1);
    }
  }

  /** add_dir_1's canonical form: no {@code =type} suffix, no trailing white space or slashes. */
  static String canonical(String line) {
    int equal = line.indexOf('=');
    String path = equal < 0 ? line : line.substring(0, equal);
    int end = path.length();
    while (end > 0 && isSpace(path.charAt(end - 1))) {
      end--;
    }
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }

  /** The tree's paths matching a glob(3) pattern, with directory components followed through links. */
  List<String> glob(String pattern) {
    int slash = pattern.lastIndexOf('/');
    String dirPattern = slash == 0 ? "/" : pattern.substring(0, slash);
    String namePattern = pattern.substring(slash + 1);
    List<String> dirs = hasMagic(dirPattern) ? glob(dirPattern) : List.of(unescape(dirPattern));
    List<String> found = new ArrayList<>();
    for (String dir : dirs) {
      String prefix = dir.endsWith("/") ? dir : dir + "/";
      String real = LinkResolver.resolve(tree, dir).orElse(null);
      boolean isDir = real != null
          && (tree.get(real).orElse(null) instanceof FileEntry.Directory || !tree.contains(real));
      if (!isDir || namePattern.isEmpty()) {
        continue;
      }
      if (!hasMagic(namePattern)) {
        // glob's lstat: a dangling link is found, and then reads as a missing file.
        if (tree.contains((real.equals("/") ? "" : real) + "/" + unescape(namePattern))) {
          found.add(prefix + unescape(namePattern));
        }
        continue;
      }
      Pattern regex = fnmatch(namePattern);
      for (FileEntry e : tree.below(real)) {
        String name = Paths.name(e.path());
        boolean periodOk = !name.startsWith(".") || namePattern.startsWith(".");
        if (Paths.parent(e.path()).equals(real) && periodOk && regex.matcher(name).matches()) {
          found.add(prefix + name);
        }
      }
    }
    return found;
  }

  /** fnmatch(3) without flags but FNM_PERIOD, which the caller checks: {@code * ? [...]} and backslash escapes. */
  static Pattern fnmatch(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '\\' && i + 1 < glob.length()) {
        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else if (c == '[' && closingBracket(glob, i) > 0) {
        int close = closingBracket(glob, i);
        int j = i + 1;
        re.append('[');
        if (glob.charAt(j) == '!' || glob.charAt(j) == '^') {
          re.append('^');
          j++;
        }
        for (; j < close; j++) {
          char k = glob.charAt(j);
          boolean range = k == '-' && j > i + 1 && j + 1 < close;
          re.append(range || Character.isLetterOrDigit(k) ? String.valueOf(k) : "\\" + k);
        }
        re.append(']');
        i = close;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static int closingBracket(String glob, int open) {
    int j = open + 1;
    if (j < glob.length() && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
      j++;
    }
    if (j < glob.length() && glob.charAt(j) == ']') {
      j++;
    }
    return glob.indexOf(']', j);
  }

  private static boolean hasMagic(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || (c == '[' && closingBracket(s, i) > 0)) {
        return true;
      }
    }
    return false;
  }

  private static String unescape(String s) {
    return s.replaceAll("\\\\(.)", "$1");
  }

  private static int firstOf(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == a || s.charAt(i) == b) {
        return i;
      }
    }
    return s.length();
  }

  private static int skipSpace(String s, int from) {
    int i = from;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** C's isspace in the C locale. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}

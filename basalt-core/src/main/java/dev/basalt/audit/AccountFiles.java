package dev.basalt.audit;

import dev.basalt.image.FlatFilesystem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The image's {@code /etc/passwd}, {@code /etc/group} and {@code /etc/shadow}, parsed leniently. */
record AccountFiles(List<User> users, List<Group> groups, List<Shadow> shadow, boolean hasShadow) {

  record User(String name, String password, Long uid, Long gid, String home, String shell) {}

  record Group(String name, Long gid, List<String> members) {}

  record Shadow(String name, String password) {}

  static AccountFiles of(FlatFilesystem fs) {
    List<User> users = new ArrayList<>();
    for (String[] f : records(fs.content("/etc/passwd"))) {
      users.add(new User(f[0], field(f, 1), number(field(f, 2)), number(field(f, 3)), field(f, 5), field(f, 6)));
    }
    List<Group> groups = new ArrayList<>();
    for (String[] f : records(fs.content("/etc/group"))) {
      String members = field(f, 3);
      groups.add(new Group(f[0], number(field(f, 2)),
          members == null || members.isEmpty() ? List.of() : List.of(members.split(","))));
    }
    byte[] shadowBytes = fs.content("/etc/shadow");
    List<Shadow> shadow = new ArrayList<>();
    for (String[] f : records(shadowBytes)) {
      shadow.add(new Shadow(f[0], field(f, 1)));
    }
    return new AccountFiles(users, groups, shadow, shadowBytes != null);
  }

  User user(String name) {
    return users.stream().filter(u -> u.name().equals(name)).findFirst().orElse(null);
  }

  User userById(long uid) {
    return users.stream().filter(u -> u.uid() != null && u.uid() == uid).findFirst().orElse(null);
  }

  Group group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
  }

  private static List<String[]> records(byte[] bytes) {
    List<String[]> out = new ArrayList<>();
    if (bytes == null) {
      return out;
    }
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
        continue; // NIS compat lines name no local account
      }
      out.add(line.split(":", -1));
    }
    return out;
  }

  private static String field(String[] f, int i) {
    return i < f.length ? f[i] : null;
  }

  static Long number(String s) {
    if (s == null || s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 10) {
      return null;
    }
    return Long.parseLong(s);
  }
}

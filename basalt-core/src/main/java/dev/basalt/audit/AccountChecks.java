package dev.basalt.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules about the accounts in {@code /etc/passwd}, {@code /etc/group} and {@code /etc/shadow}. */
final class AccountChecks {
  private AccountChecks() {}

  /** Shells that refuse a login. */
  static final Set<String> NO_LOGIN = Set.of("/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false",
      "/bin/nologin", "/usr/bin/nologin", "");

  static void check(AccountFiles accounts, Evidence ev) {
    for (AccountFiles.Shadow s : accounts.shadow()) {
      if (s.password() != null && s.password().isEmpty()) {
        ev.add(Rules.EMPTY_PASSWORD, "/etc/shadow: " + s.name());
      }
    }
    for (AccountFiles.User u : accounts.users()) {
      // Without shadow entry the passwd field is the password itself; "x" defers to shadow.
      boolean shadowed = accounts.shadow().stream().anyMatch(s -> s.name().equals(u.name()));
      if (u.password() != null && u.password().isEmpty() && !shadowed) {
        ev.add(Rules.EMPTY_PASSWORD, "/etc/passwd: " + u.name());
      }
      if (u.shell() != null && !NO_LOGIN.contains(u.shell())) {
        ev.add(Rules.LOGIN_SHELL, u.name() + ": " + u.shell());
      }
    }
    duplicates("/etc/passwd uid", accounts.users().stream().map(u -> new Key(u.name(), u.uid())).toList(), ev);
    duplicates("/etc/group gid", accounts.groups().stream().map(g -> new Key(g.name(), g.gid())).toList(), ev);
    names("/etc/passwd", accounts.users().stream().map(AccountFiles.User::name).toList(), ev);
    names("/etc/group", accounts.groups().stream().map(AccountFiles.Group::name).toList(), ev);
  }

  private record Key(String name, Long id) {}

  private static void duplicates(String what, List<Key> keys, Evidence ev) {
    Map<Long, String> seen = new HashMap<>();
    for (Key k : keys) {
      if (k.id() == null) {
        continue;
      }
      String first = seen.putIfAbsent(k.id(), k.name());
      if (first != null) {
        ev.add(Rules.DUPLICATE_ID, what + " " + k.id() + ": " + first + " and " + k.name());
      }
    }
  }

  private static void names(String file, List<String> names, Evidence ev) {
    Map<String, Integer> count = new HashMap<>();
    for (String n : names) {
      if (count.merge(n, 1, Integer::sum) == 2) {
        ev.add(Rules.DUPLICATE_ID, file + " name " + n + " appears more than once");
      }
    }
  }
}

package dev.basalt.audit;

import java.util.HashSet;
import java.util.Set;

/**
 * Who a container of the image runs as: the config's {@code User} ({@code name}, {@code uid},
 * {@code name:group} or {@code uid:gid}; empty means root) resolved against the image's accounts.
 * {@code uid} is null when a name is not in {@code /etc/passwd}.
 */
record RuntimeUser(String configured, Long uid, Long gid, String home, Set<Long> groups) {

  static RuntimeUser of(String configured, AccountFiles accounts) {
    String user = configured == null ? "" : configured.trim();
    if (user.isEmpty()) {
      return of("0", accounts).withConfigured(configured);
    }
    int colon = user.indexOf(':');
    String u = colon < 0 ? user : user.substring(0, colon);
    String g = colon < 0 ? null : user.substring(colon + 1);
    Long uid = AccountFiles.number(u);
    AccountFiles.User entry = uid != null ? accounts.userById(uid) : accounts.user(u);
    if (uid == null && entry != null) {
      uid = entry.uid();
    }
    Long gid = g == null ? (entry == null ? null : entry.gid()) : AccountFiles.number(g);
    if (g != null && gid == null && accounts.group(g) != null) {
      gid = accounts.group(g).gid();
    }
    Set<Long> groups = new HashSet<>();
    if (gid != null) {
      groups.add(gid);
    }
    if (entry != null) {
      for (AccountFiles.Group group : accounts.groups()) {
        if (group.members().contains(entry.name()) && group.gid() != null) {
          groups.add(group.gid());
        }
      }
    }
    return new RuntimeUser(configured, uid, gid, entry == null ? null : entry.home(), groups);
  }

  private RuntimeUser withConfigured(String c) {
    return new RuntimeUser(c, uid, gid, home, groups);
  }

  boolean isRoot() {
    return uid != null && uid == 0;
  }
}

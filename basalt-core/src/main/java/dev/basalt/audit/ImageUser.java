package dev.basalt.audit;

import dev.basalt.image.FlatFilesystem;
import java.util.Set;

/**
 * Who a container of an image runs as, resolved the way the audit resolves it: the config's
 * {@code User} against the image's {@code /etc/passwd} and {@code /etc/group} (an empty user
 * is root). {@code uid} and {@code gid} are null when a name is not found.
 */
public record ImageUser(String configured, Long uid, Long gid, Set<Long> groups, String home) {
  public ImageUser {
    groups = Set.copyOf(groups);
  }

  /** Resolves {@code configured} against {@code files}, which must hold the account files' contents. */
  public static ImageUser of(String configured, FlatFilesystem files) {
    RuntimeUser u = RuntimeUser.of(configured, AccountFiles.of(files));
    return new ImageUser(configured, u.uid(), u.gid(), u.groups(), u.home());
  }

  public boolean isRoot() {
    return uid != null && uid == 0;
  }
}

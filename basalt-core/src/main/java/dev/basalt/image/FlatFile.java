package dev.basalt.image;

import java.util.Objects;
import java.util.Set;

/**
 * One path of an image's final filesystem, after all layers are applied. {@code mode} carries
 * the permission bits only ({@code 07777}); {@code linkTarget} is the target of a symlink or
 * hard link as written; {@code marks} and {@code content} are what a {@link FileInspector} kept
 * of a regular file (empty and null otherwise).
 */
public record FlatFile(
    String path,
    Type type,
    int mode,
    long uid,
    long gid,
    long size,
    String linkTarget,
    boolean fileCapabilities,
    Set<String> marks,
    byte[] content) {

  public enum Type { DIRECTORY, FILE, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

  public FlatFile {
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(type, "type == null");
    marks = Set.copyOf(marks);
  }

  public boolean isDirectory() {
    return type == Type.DIRECTORY;
  }

  public boolean isSymlink() {
    return type == Type.SYMLINK;
  }

  /** A regular file, or a hard link to one. */
  public boolean isRegular() {
    return type == Type.FILE || type == Type.HARDLINK;
  }

  public boolean isDevice() {
    return type == Type.CHAR_DEVICE || type == Type.BLOCK_DEVICE;
  }

  FlatFile withMetadataOf(FlatFile target) {
    return new FlatFile(path, type, target.mode, target.uid, target.gid, target.size, linkTarget,
        target.fileCapabilities, target.marks, target.content);
  }
}

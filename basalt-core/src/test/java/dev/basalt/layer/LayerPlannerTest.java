package dev.basalt.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.audit.ImageUser;
import dev.basalt.audit.Rules;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerPlannerTest {
  static final long EPOCH = 1_700_000_000L;

  @TempDir Path src;
  ImageView view;

  /** A merged-/usr base: /lib is a symlink, the user's home is 0700 and its own. */
  static FlatFilesystem base() {
    return FlatFilesystem.of(List.of(
        dir("/etc", 0755, 0), file("/etc/hostname", 0644),
        dir("/home", 0755, 0), dir("/home/nonroot", 0700, 65532),
        dir("/usr", 0755, 0), dir("/usr/lib", 0755, 0), link("/lib", "usr/lib"),
        link("/dangling", "/nowhere"),
        dir("/opt", 0750, 7)));
  }

  @BeforeEach
  void setUp() {
    view = new ImageView(base());
  }

  private FileTree plan(Map<String, String> waivers, LayerSource... sources) throws Exception {
    ImageUser user = new ImageUser("65532", 65532L, 65532L, Set.of(65532L), "/home/nonroot");
    return new LayerPlanner(view, EPOCH, new SourceFiles(), new WriteGuard(user, waivers))
        .plan(AppLayer.of("app", sources));
  }

  private FileTree plan(LayerSource... sources) throws Exception {
    return plan(Map.of(), sources);
  }

  @Test
  void filesAreRootOwnedReadOnlyAndExecutablesKeepTheirExecuteBit() throws Exception {
    Files.writeString(src.resolve("app.jar"), "jar");
    Path run = Files.writeString(src.resolve("run"), "#!/usr/bin/java");
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-----"));
    Files.setPosixFilePermissions(src.resolve("app.jar"), PosixFilePermissions.fromString("rw-rw-rw-"));
    FileTree tree = plan(LayerSource.of(src.resolve("app.jar"), "/app/lib/app.jar"),
        LayerSource.of(run, "/app/bin/run"));
    assertThat(describe(tree)).containsExactly(
        "/app dir 0755 0:0",
        "/app/bin dir 0755 0:0",
        "/app/bin/run file 0755 0:0 15",
        "/app/lib dir 0755 0:0",
        "/app/lib/app.jar file 0644 0:0 3");
    assertThat(tree.entries()).allMatch(e -> e.mtime() == EPOCH);
  }

  @Test
  void aDirectoryIsCopiedRecursivelyWithExplicitModes() throws Exception {
    Files.createDirectories(src.resolve("conf/sub"));
    Files.writeString(src.resolve("conf/a.properties"), "a=1");
    Files.writeString(src.resolve("conf/sub/b.xml"), "<b/>");
    FileTree tree = plan(LayerSource.of(src.resolve("conf"), "/etc/app").withFileMode(0640).withDirMode(0750));
    assertThat(describe(tree)).containsExactly(
        "/etc dir 0755 0:0",
        "/etc/app dir 0750 0:0",
        "/etc/app/a.properties file 0640 0:0 3",
        "/etc/app/sub dir 0750 0:0",
        "/etc/app/sub/b.xml file 0640 0:0 4");
  }

  @Test
  void aDestinationUnderABaseSymlinkLandsWhereTheLinkLeadsAndExistingDirectoriesKeepTheirOwnerAndMode()
      throws Exception {
    Files.writeString(src.resolve("libx.so"), "elf");
    Files.writeString(src.resolve("notes.txt"), "hi");
    Files.writeString(src.resolve("tool"), "t");
    FileTree tree = plan(LayerSource.of(src.resolve("libx.so"), "/lib/app/libx.so"),
        LayerSource.of(src.resolve("notes.txt"), "/home/nonroot/notes.txt"),
        LayerSource.of(src.resolve("tool"), "/opt/tool"));
    assertThat(describe(tree)).containsExactly(
        "/home dir 0755 0:0",
        "/home/nonroot dir 0700 65532:65532",
        "/home/nonroot/notes.txt file 0644 0:0 2",
        "/opt dir 0750 7:7",
        "/opt/tool file 0644 0:0 1",
        "/usr dir 0755 0:0",
        "/usr/lib dir 0755 0:0",
        "/usr/lib/app dir 0755 0:0",
        "/usr/lib/app/libx.so file 0644 0:0 3");
    assertThat(tree.contains("/lib")).isFalse();
  }

  @Test
  void aDirectoryCopiedOntoABaseSymlinkGoesThroughItAndTheLinkStays() throws Exception {
    Files.createDirectories(src.resolve("lib"));
    Files.writeString(src.resolve("lib/liby.so"), "y");
    FileTree tree = plan(LayerSource.of(src.resolve("lib"), "/lib").withDirMode(0700));
    assertThat(describe(tree)).containsExactly(
        "/usr dir 0755 0:0",
        "/usr/lib dir 0755 0:0",
        "/usr/lib/liby.so file 0644 0:0 1");
  }

  @Test
  void symlinksAreKeptAsSymlinksNeverFollowed() throws Exception {
    Files.writeString(src.resolve("app-1.2.jar"), "jar");
    Files.createSymbolicLink(src.resolve("app.jar"), Path.of("app-1.2.jar"));
    Files.createSymbolicLink(src.resolve("secret"), Path.of("/etc/shadow"));
    FileTree tree = plan(LayerSource.of(src, "/app"));
    assertThat(describe(tree)).containsExactly(
        "/app dir 0755 0:0",
        "/app/app-1.2.jar file 0644 0:0 3",
        "/app/app.jar symlink -> app-1.2.jar 0:0",
        "/app/secret symlink -> /etc/shadow 0:0");
  }

  @Test
  void aGlobSelectsMatchesKeepingTheirRelativePaths() throws Exception {
    Files.createDirectories(src.resolve("libs/extra"));
    Files.writeString(src.resolve("libs/a.jar"), "a");
    Files.writeString(src.resolve("libs/a.txt"), "not me");
    Files.writeString(src.resolve("libs/extra/b.jar"), "bb");
    assertThat(describe(plan(LayerSource.glob(src.resolve("libs"), "*.jar", "/app/lib")))).containsExactly(
        "/app dir 0755 0:0",
        "/app/lib dir 0755 0:0",
        "/app/lib/a.jar file 0644 0:0 1");
    view = new ImageView(base());
    assertThat(describe(plan(LayerSource.glob(src.resolve("libs"), "**.jar", "/app/lib")))).containsExactly(
        "/app dir 0755 0:0",
        "/app/lib dir 0755 0:0",
        "/app/lib/a.jar file 0644 0:0 1",
        "/app/lib/extra dir 0755 0:0",
        "/app/lib/extra/b.jar file 0644 0:0 2");
  }

  @Test
  void whatCannotBePlacedIsRefusedNamingIt() throws Exception {
    Files.writeString(src.resolve("f"), "f");
    Files.createDirectories(src.resolve("d"));
    Files.writeString(src.resolve("d/x"), "x");
    assertThatThrownBy(() -> plan(LayerSource.of(src.resolve("f"), "/usr/lib")))
        .isInstanceOf(LayerInputException.class)
        .hasMessage("layer 'app': /usr/lib is a directory; a layer does not replace it with a file or a symlink");
    assertThatThrownBy(() -> plan(LayerSource.of(src.resolve("f"), "/etc/hostname/x")))
        .hasMessage("layer 'app': /etc/hostname/x cannot be placed: /etc/hostname is not a directory");
    assertThatThrownBy(() -> plan(LayerSource.of(src.resolve("d"), "/etc/hostname")))
        .hasMessage("layer 'app': /etc/hostname is a file in the image below; a layer does not replace it"
            + " with a directory");
    assertThatThrownBy(() -> plan(LayerSource.of(src.resolve("missing"), "/app/x")))
        .hasMessage("layer 'app': source " + src.resolve("missing") + " does not exist");
    assertThatThrownBy(() -> plan(LayerSource.glob(src, "*.jar", "/app")))
        .hasMessage("layer 'app': glob '*.jar' matches nothing under " + src);
    assertThatThrownBy(() -> plan(LayerSource.glob(src.resolve("f"), "*", "/app")))
        .hasMessage("layer 'app': " + src.resolve("f") + " is not a directory, so glob '*' cannot select in it");
  }

  @Test
  void whatTheRuntimeUserCouldWriteIsRefusedUnlessWaived() throws Exception {
    Files.writeString(src.resolve("data"), "d");
    assertThatThrownBy(() -> plan(LayerSource.of(src.resolve("data"), "/app/data").withOwner(65532, 65532)))
        .isInstanceOf(LayerInputException.class)
        .hasMessage("layer 'app': " + src.resolve("data") + " -> /app/data: owned by the runtime user 65532 with"
            + " mode 0644, so the application could change it; keep it owned by root or waive user-writable");
    assertThatThrownBy(() -> plan(LayerSource.of(src.resolve("data"), "/app/data").withFileMode(0666)))
        .hasMessage("layer 'app': " + src.resolve("data") + " -> /app/data: mode 0666 is world-writable; give a mode"
            + " without o+w or waive world-writable");
    assertThatThrownBy(() -> plan(LayerSource.of(src.resolve("data"), "/app/data").withOwner(0, 65532)
        .withFileMode(0664)))
        .hasMessageContaining("group 65532 of the runtime user may write it (mode 0664)");
    FileTree waived = plan(Map.of(Rules.USER_WRITABLE.id(), "the app keeps its cache here"),
        LayerSource.of(src.resolve("data"), "/app/data").withOwner(65532, 65532));
    assertThat(describe(waived)).contains("/app/data file 0644 65532:65532 1");
  }

  @Test
  void aLaterLayerSeesTheDirectoriesOfTheOneBelow() throws Exception {
    Files.createDirectories(src.resolve("lib"));
    Files.writeString(src.resolve("lib/a"), "a");
    plan(LayerSource.of(src.resolve("lib"), "/app/lib").withDirMode(0711));
    FileTree second = plan(LayerSource.of(src.resolve("lib/a"), "/app/lib/b"));
    assertThat(describe(second)).containsExactly(
        "/app dir 0755 0:0",
        "/app/lib dir 0711 0:0",
        "/app/lib/b file 0644 0:0 1");
  }

  static List<String> describe(FileTree tree) {
    List<String> out = new ArrayList<>();
    for (FileEntry e : tree.entries()) {
      String owner = e.uid() + ":" + e.gid();
      if (e instanceof FileEntry.Directory d) {
        out.add(d.path() + " dir 0" + Integer.toOctalString(d.mode()) + " " + owner);
      } else if (e instanceof FileEntry.Symlink l) {
        out.add(l.path() + " symlink -> " + l.target() + " " + owner);
      } else if (e instanceof FileEntry.RegularFile f) {
        out.add(f.path() + " file 0" + Integer.toOctalString(f.mode()) + " " + owner + " " + f.size());
      }
    }
    return out;
  }

  static FlatFile dir(String path, int mode, int owner) {
    return new FlatFile(path, FlatFile.Type.DIRECTORY, mode, owner, owner, 0, null, false, Set.of(), null);
  }

  static FlatFile file(String path, int mode) {
    return new FlatFile(path, FlatFile.Type.FILE, mode, 0, 0, 1, null, false, Set.of(), null);
  }

  static FlatFile link(String path, String target) {
    return new FlatFile(path, FlatFile.Type.SYMLINK, 0777, 0, 0, 0, target, false, Set.of(), null);
  }
}

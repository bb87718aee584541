package dev.basalt.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.testkit.TestImage;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsWriterTest {
  @TempDir Path dir;

  private Path unpack(TestImage image) throws Exception {
    Path layout = image.writeLayout(dir.resolve("img"), null);
    try (ImageSource source = ImageSource.open(ImageLocation.parse(layout.toString()))) {
      return ContainerRunner.unpacked(source, source.images().get(0), dir.resolve("cache"), null);
    }
  }

  private static List<String> tree(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p) + (Files.isSymbolicLink(p) ? " ->" : "")).sorted().toList();
    }
  }

  @Test
  void layersApplyInOrderWithWhiteoutsAndOpaqueDirectories() throws Exception {
    Path root = unpack(TestImage.linux("amd64")
        .layer(l -> l.dir("/etc", 0755).file("/etc/a", "a", 0644).file("/etc/b", "b", 0644)
            .dir("/srv", 0755).file("/srv/old", "o", 0644).file("/usr/bin/su", "su", 04755))
        .layer(l -> l.whiteout("/etc/a").opaque("/srv").file("/srv/new", "n", 0600).hardlink("/usr/bin/su2", "usr/bin/su")
            .charDevice("/dev/null", 1, 3)));
    // /dev/null is skipped (the runtime provides /dev); its directory is made, as runc would.
    assertThat(tree(root)).containsExactly("dev", "etc", "etc/b", "srv", "srv/new", "usr", "usr/bin", "usr/bin/su",
        "usr/bin/su2");
    assertThat(Files.readString(root.resolve("srv/new"))).isEqualTo("n");
    assertThat(Files.getAttribute(root.resolve("usr/bin/su"), "unix:mode")).isEqualTo(0100000 | 04755);
    assertThat(Files.getAttribute(root.resolve("srv/new"), "unix:mode")).isEqualTo(0100000 | 0600);
    assertThat(Files.getAttribute(root.resolve("usr/bin/su2"), "unix:ino"))
        .isEqualTo(Files.getAttribute(root.resolve("usr/bin/su"), "unix:ino"));
  }

  @Test
  void symlinksInParentsAreFollowedInsideTheRootOnly() throws Exception {
    Path root = unpack(TestImage.linux("amd64")
        .layer(l -> l.dir("/usr", 0755).dir("/usr/bin", 0755).symlink("/bin", "usr/bin")
            .symlink("/escape", "../../../../../tmp").symlink("/abs", "/usr"))
        .layer(l -> l.file("/bin/tool", "t", 0755).file("/escape/inside", "i", 0644).file("/abs/bin/x", "x", 0644)));
    assertThat(Files.readString(root.resolve("usr/bin/tool"))).isEqualTo("t");
    assertThat(Files.readString(root.resolve("tmp/inside"))).isEqualTo("i");
    assertThat(Files.readString(root.resolve("usr/bin/x"))).isEqualTo("x");
    assertThat(Files.isSymbolicLink(root.resolve("bin"))).isTrue();
    assertThat(Files.exists(dir.resolve("inside"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void anEntryClimbingOutIsRefusedAndNothingIsLeftInTheCache() throws Exception {
    assertThatThrownBy(() -> unpack(TestImage.linux("amd64").layer(l -> l.dir("/etc", 0755).raw("../../evil", "x"))))
        .hasMessage("layer entry '../../evil' climbs out of the root; refusing to unpack it");
    try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
      assertThat(s.filter(p -> !p.getFileName().toString().contains(".partial-")).toList()).isEmpty();
    }
    assertThat(Files.exists(dir.resolve("evil"))).isFalse();
  }

  @Test
  void theSameLayersAreUnpackedOnce() throws Exception {
    TestImage image = TestImage.linux("amd64").layer(l -> l.dir("/etc", 0755).file("/etc/a", "a", 0644));
    Path first = unpack(image);
    Files.writeString(first.resolve("etc/marker"), "kept");
    assertThat(unpack(image)).isEqualTo(first);
    assertThat(first.resolve("etc/marker")).exists();
  }

  /**
   * Unpacking without root, the owners that are not root are collected for the rootless
   * re-owning pass instead of set; what a later layer deletes or gives back to root is dropped.
   */
  @Test
  void withoutRootTheOwnersLeftToSetAreCollectedLayerByLayer() throws Exception {
    Path layout = TestImage.linux("amd64")
        .layer(l -> l.dir("/home", 0755).file("/home/a", "a", 0600, 65532).file("/home/b", "b", 0644, 65532)
            .file("/srv/s", "s", 04755, 1000).dir("/opt", 0755).file("/opt/x", "x", 0644, 7))
        .layer(l -> l.whiteout("/home/a").file("/home/b", "b2", 0644).opaque("/opt"))
        .writeLayout(dir.resolve("owned"), null);
    Path root = Files.createDirectories(dir.resolve("rootfs"));
    RootfsWriter writer = new RootfsWriter(root, false);
    try (ImageSource source = ImageSource.open(ImageLocation.parse(layout.toString()))) {
      var image = source.images().get(0);
      for (var layer : image.layers()) {
        try (var in = source.openLayer(image, layer)) {
          writer.apply(in);
        }
      }
    }
    assertThat(writer.owned()).containsExactly(new RootfsWriter.Owned(root.resolve("srv/s"), 1000, 1000, 04755, false));
  }
}

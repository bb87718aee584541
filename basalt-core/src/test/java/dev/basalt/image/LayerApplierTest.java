package dev.basalt.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.TestImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerApplierTest {
  @TempDir Path dir;

  private FlatFilesystem flatten(TestImage image) throws Exception {
    Path layout = image.writeLayout(dir.resolve("img"), "t");
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + layout))) {
      return LayerApplier.flatten(source, source.images().get(0), FileInspector.NONE);
    }
  }

  private static List<String> paths(FlatFilesystem fs) {
    return fs.files().stream().map(FlatFile::path).toList();
  }

  @Test
  void whiteoutsRemoveFilesAndWholeDirectoriesOfLowerLayers() throws Exception {
    FlatFilesystem fs = flatten(TestImage.linux("amd64")
        .layer(l -> l.dir("/etc", 0755).file("/etc/a", "a", 0644).file("/etc/b", "b", 0644)
            .dir("/opt", 0755).dir("/opt/app", 0755).file("/opt/app/x", "x", 0644))
        .layer(l -> l.whiteout("/etc/a").whiteout("/opt/app").file("/etc/c", "c", 0644)));
    assertThat(paths(fs)).containsExactly("/etc", "/etc/b", "/etc/c", "/opt");
  }

  @Test
  void anOpaqueDirectoryHidesTheLowerLayersContentsButKeepsItsOwn() throws Exception {
    FlatFilesystem fs = flatten(TestImage.linux("amd64")
        .layer(l -> l.dir("/srv", 0755).file("/srv/old", "o", 0644).dir("/srv/sub", 0755).file("/srv/sub/deep", "d", 0644))
        .layer(l -> l.file("/srv/new", "n", 0644).opaque("/srv").dir("/srv", 0750)));
    assertThat(paths(fs)).containsExactly("/srv", "/srv/new");
    assertThat(fs.get("/srv").mode()).isEqualTo(0750);
  }

  @Test
  void aLaterEntryReplacesAnEarlierOneAndAFileReplacingADirectoryTakesItsChildren() throws Exception {
    FlatFilesystem fs = flatten(TestImage.linux("amd64")
        .layer(l -> l.dir("/x", 0755).file("/x/child", "c", 0644).file("/y", "old", 04755))
        .layer(l -> l.file("/x", "now a file", 0644).file("/y", "new", 0755)));
    assertThat(paths(fs)).containsExactly("/x", "/y");
    assertThat(fs.get("/x").type()).isEqualTo(FlatFile.Type.FILE);
    assertThat(fs.get("/y").mode()).isEqualTo(0755);
  }

  @Test
  void hardLinksTakeTheirTargetsMetadataAndOddEntriesAreKeptOrReported() throws Exception {
    FlatFilesystem fs = flatten(TestImage.linux("amd64")
        .layer(l -> l.dir("/usr", 0755).dir("/usr/bin", 0755).file("/usr/bin/su", "su", 04755)
            .hardlink("/usr/bin/su2", "usr/bin/su").hardlink("/usr/bin/gone", "usr/bin/none")
            .charDevice("/dev/null", 1, 3).fileWithCapabilities("/usr/bin/ping", "ping", 0755)
            .raw("../../etc/evil", "x")));
    assertThat(fs.get("/usr/bin/su2").mode()).isEqualTo(04755);
    assertThat(fs.get("/usr/bin/su2").isRegular()).isTrue();
    assertThat(fs.get("/dev/null").type()).isEqualTo(FlatFile.Type.CHAR_DEVICE);
    assertThat(fs.get("/dev/null").linkTarget()).isEqualTo("1:3");
    assertThat(fs.get("/usr/bin/ping").fileCapabilities()).isTrue();
    assertThat(fs.get("/usr/bin/su").fileCapabilities()).isFalse();
    assertThat(fs.anomalies()).containsExactly(
        "layer blobs/sha256/" + fs.anomalies().get(0).split("blobs/sha256/")[1].split(" ")[0]
            + " has an entry that climbs out of the root: ../../etc/evil",
        "hard link /usr/bin/gone points to /usr/bin/none, which is not a file in the image");
  }

  @Test
  void symlinksResolveInsideTheImageOnly() throws Exception {
    FlatFilesystem fs = flatten(TestImage.linux("amd64")
        .layer(l -> l.symlink("/bin", "usr/bin").dir("/usr", 0755).dir("/usr/bin", 0755)
            .file("/usr/bin/dash", "#!", 0755).symlink("/usr/bin/sh", "dash")
            .symlink("/usr/bin/up", "../../../../usr/bin/dash").symlink("/loop", "/loop2").symlink("/loop2", "/loop")));
    assertThat(fs.resolve("/bin/sh").path()).isEqualTo("/usr/bin/dash");
    assertThat(fs.realParent("/bin/sh")).isEqualTo("/usr/bin");
    assertThat(fs.resolve("/usr/bin/up").path()).isEqualTo("/usr/bin/dash");
    assertThat(fs.resolve("/loop")).isNull();
    assertThat(fs.resolve("/bin/missing")).isNull();
  }
}

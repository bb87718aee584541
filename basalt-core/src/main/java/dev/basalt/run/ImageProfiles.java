package dev.basalt.run;

import dev.basalt.cache.Digest;
import dev.basalt.image.ConfigView;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import java.io.IOException;
import java.util.List;

/** The runtime profile of an image on disk, from its config: who it runs as, and what it is called. */
public final class ImageProfiles {
  private ImageProfiles() {}

  static final String TITLE = "org.opencontainers.image.title";

  public static RuntimeProfile profile(ImageLocation location) throws ImageReadException {
    try (ImageSource source = ImageSource.open(location)) {
      List<SourceImage> images = source.images();
      ConfigView config = images.get(0).config();
      String user = config.user() == null ? "" : config.user().trim();
      long[] ids = RuntimeProfile.numericIds(user);
      if (ids == null) {
        throw new ImageReadException(location.display() + " runs as '" + user + "', not a numeric uid[:gid]: a runtime"
            + " profile needs the numbers (Kubernetes cannot check runAsNonRoot for a name)");
      }
      String name = config.labels().getOrDefault(TITLE, "image");
      Digest digest = source.rootDigest() != null ? source.rootDigest() : images.get(0).manifest();
      String image = digest == null ? name : name + "@" + digest;
      return RuntimeProfile.of(name, image, ids[0], ids[1]);
    } catch (IOException e) {
      throw new ImageReadException("cannot close " + location.display() + ": " + e.getMessage(), e);
    }
  }
}

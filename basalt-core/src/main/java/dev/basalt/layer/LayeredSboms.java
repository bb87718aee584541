package dev.basalt.layer;

import dev.basalt.cache.Digest;
import dev.basalt.fs.Content;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.sbom.GeneratedFile;
import dev.basalt.sbom.ImageSboms;
import dev.basalt.sbom.SbomFormat;
import dev.basalt.sbom.SbomInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The SBOMs of one platform of a layered image: the Debian packages the base installed (read
 * from its dpkg status and copyright files, as {@code basalt sbom} reads any image) and every
 * file the application layers added, with its SHA-256.
 */
final class LayeredSboms {
  private LayeredSboms() {}

  static Map<SbomFormat, byte[]> documents(LayerRequest request, Digest manifest, ImageLocation baseLocation,
      ArchLayering.Built built) throws ImageReadException, IOException {
    SbomInput base = ImageSboms.input(baseLocation, built.base(), built.files());
    List<GeneratedFile> files = new ArrayList<>();
    for (Map.Entry<String, Content> f : built.addedFiles().entrySet()) {
      files.add(GeneratedFile.of(f.getKey(), f.getValue()));
    }
    SbomInput input = new SbomInput(request.name(), manifest, built.arch(), base.debianRelease(), null,
        built.created(), base.packages(), files);
    Map<SbomFormat, byte[]> out = new EnumMap<>(SbomFormat.class);
    for (SbomFormat f : SbomFormat.values()) {
      out.put(f, f.write(input));
    }
    return out;
  }
}

package dev.basalt.layer;

import dev.basalt.audit.AuditInspector;
import dev.basalt.image.FileInspector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a layered build keeps of the base's files, in one pass over its layers: all the audit
 * keeps (accounts, dpkg status, marks), and the packages' copyright files, from which the SBOM
 * takes each package's license.
 */
final class LayeredInspector implements FileInspector {
  private static final String DOC = "/usr/share/doc/";
  private static final String COPYRIGHT = "/copyright";
  private static final int MAX_COPYRIGHT = 1 << 20;

  private final AuditInspector audit = new AuditInspector();

  @Override
  public String cacheKey() {
    return "layered-1+" + audit.cacheKey();
  }

  @Override
  public Inspection inspect(String path, long size, InputStream in) throws IOException {
    if (!path.startsWith(DOC) || !path.endsWith(COPYRIGHT) || size > MAX_COPYRIGHT) {
      return audit.inspect(path, size, in);
    }
    byte[] bytes = in.readNBytes((int) size);
    Inspection seen = audit.inspect(path, size, new ByteArrayInputStream(bytes));
    return new Inspection(seen.marks(), seen.content() != null ? seen.content() : bytes);
  }
}

package dev.basalt.maven;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Finds the class the image runs when the configuration names none: the {@code Main-Class} of
 * the project's jar manifest, else the one class in the classes directory that declares
 * {@code public static void main(String[])}, read from the class files without loading them.
 */
final class MainClassFinder {
  private static final int MAGIC = 0xCAFEBABE;
  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_STATIC = 0x0008;
  private static final String MAIN_DESCRIPTOR = "([Ljava/lang/String;)V";

  private MainClassFinder() {}

  /** Why no single main class could be chosen; the message says what to configure. */
  static final class NotFoundException extends Exception {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message);
    }
  }

  /** The main class from {@code jar}'s manifest (when it is a jar) or from the classes under {@code classes}. */
  static String find(Path jar, Path classes) throws IOException, NotFoundException {
    if (jar != null && Files.isRegularFile(jar) && jar.getFileName().toString().endsWith(".jar")) {
      String fromManifest = manifestMainClass(jar);
      if (fromManifest != null) {
        return fromManifest;
      }
    }
    List<String> mains = classesWithMain(classes);
    if (mains.size() == 1) {
      return mains.get(0);
    }
    if (mains.isEmpty()) {
      throw new NotFoundException("no main class: the jar manifest has no Main-Class and no class in " + classes
          + " declares public static void main(String[]); set <mainClass> in the plugin's configuration");
    }
    throw new NotFoundException("several classes in " + classes + " declare public static void main(String[]) ("
        + String.join(", ", mains) + "); choose one with <mainClass> in the plugin's configuration");
  }

  static String manifestMainClass(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
      return value == null || value.isBlank() ? null : value.trim();
    }
  }

  /** The binary names of the classes under {@code classes} with a launcher-usable main method, sorted. */
  static List<String> classesWithMain(Path classes) throws IOException {
    List<String> found = new ArrayList<>();
    if (classes == null || !Files.isDirectory(classes)) {
      return found;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p))
          .filter(p -> !p.getFileName().toString().equals("module-info.class")
              && !p.getFileName().toString().equals("package-info.class"))
          .sorted().toList();
    }
    for (Path file : files) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        String name = mainClassName(new DataInputStream(in));
        if (name != null) {
          found.add(name);
        }
      } catch (IOException e) {
        throw new IOException("cannot read the class file " + file + ": " + e.getMessage(), e);
      }
    }
    found.sort(null);
    return found;
  }

  /** The class's binary name when it declares {@code public static void main(String[])}, else null. */
  static String mainClassName(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a class file (bad magic number)");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNameIndex = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNameIndex[i] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++; // eight-byte constants take two pool slots
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    in.readUnsignedShort(); // access flags
    int thisClass = in.readUnsignedShort();
    in.readUnsignedShort(); // super class
    in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
    skipMembers(in);
    int methods = in.readUnsignedShort();
    boolean hasMain = false;
    for (int m = 0; m < methods; m++) {
      int flags = in.readUnsignedShort();
      String name = utf8[in.readUnsignedShort()];
      String descriptor = utf8[in.readUnsignedShort()];
      skipAttributes(in);
      if ((flags & (ACC_PUBLIC | ACC_STATIC)) == (ACC_PUBLIC | ACC_STATIC) && "main".equals(name)
          && MAIN_DESCRIPTOR.equals(descriptor)) {
        hasMain = true;
      }
    }
    return hasMain ? utf8[classNameIndex[thisClass]].replace('/', '.') : null;
  }

  private static void skipMembers(DataInputStream in) throws IOException {
    int members = in.readUnsignedShort();
    for (int i = 0; i < members; i++) {
      in.skipNBytes(6); // access flags, name, descriptor
      skipAttributes(in);
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int i = 0; i < attributes; i++) {
      in.readUnsignedShort();
      in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
    }
  }
}

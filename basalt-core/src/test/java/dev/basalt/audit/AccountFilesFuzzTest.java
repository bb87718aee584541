package dev.basalt.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import java.util.List;
import java.util.Set;

/**
 * {@code /etc/passwd}, {@code /etc/group} and {@code /etc/shadow} of a third-party image are
 * read leniently: whatever their bytes, parsing them, checking the accounts and resolving the
 * runtime user never throws. The fuzzed bytes serve as all three files.
 */
class AccountFilesFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void accounts(byte[] data) {
    FlatFilesystem fs = FlatFilesystem.of(List.of(file("/etc/passwd", data), file("/etc/group", data),
        file("/etc/shadow", data)));
    AccountFiles accounts = AccountFiles.of(fs);
    AccountChecks.check(accounts, new Evidence());
    for (String user : List.of("", "nonroot", "65532", "0:0", "root:65532", "1000:staff")) {
      RuntimeUser.of(user, accounts);
    }
  }

  private static FlatFile file(String path, byte[] bytes) {
    return new FlatFile(path, FlatFile.Type.FILE, 0644, 0, 0, bytes.length, null, false, Set.of(), bytes);
  }
}

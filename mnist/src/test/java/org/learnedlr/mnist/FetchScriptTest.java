package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** scripts/fetch-mnist.sh pins the same digests as {@link MnistFile}: the two must never drift apart. */
class FetchScriptTest {
  @Test
  void scriptDigestsEqualTheJavaConstants() throws IOException {
    Path script = null;
    for (Path dir = Path.of("").toAbsolutePath(); dir != null && script == null; dir = dir.getParent()) {
      Path candidate = dir.resolve("scripts/fetch-mnist.sh");
      if (Files.isRegularFile(candidate)) {
        script = candidate;
      }
    }
    Assumptions.assumeTrue(script != null, "scripts/fetch-mnist.sh not found above the working directory");
    Map<String, String> pinned = new HashMap<>();
    Matcher m = Pattern.compile("\\[([a-z0-9-]+)]=([0-9a-f]{64})").matcher(Files.readString(script));
    while (m.find()) {
      pinned.put(m.group(1), m.group(2));
    }
    Map<String, String> expected = new HashMap<>();
    for (MnistFile f : MnistFile.values()) {
      expected.put(f.fileName(), f.sha256());
    }
    assertEquals(expected, pinned);
  }
}

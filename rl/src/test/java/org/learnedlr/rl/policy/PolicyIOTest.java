package org.learnedlr.rl.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.rl.env.ActionSpace;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.tensor.Rng;

class PolicyIOTest {
    @TempDir
    Path dir;

    private SavedPolicy saved(long seed) {
        TransformerPolicy p = new TransformerPolicy(TransformerPolicyTest.SMALL, new Rng(seed));
        p.setLogStd(-1.7);
        return new SavedPolicy(p, TransformerPolicyTest.LAYOUT, ActionSpace.DEFAULT, "0123456789abcdef0123456789abcdef01234567",
                "bc experts=[cosine]");
    }

    @Test
    void aSavedPolicyLoadsWithItsDescriptionAndGivesTheSameActions() throws IOException {
        SavedPolicy s = saved(1);
        PolicyIO.save(dir, s);
        SavedPolicy back = PolicyIO.load(dir);
        assertEquals(s.policy().config(), back.policy().config());
        assertEquals(s.layout(), back.layout());
        assertEquals(s.actions(), back.actions());
        assertEquals(s.commit(), back.commit());
        assertEquals("bc experts=[cosine]", back.trainedBy());
        Rng rng = new Rng(9);
        for (int present : new int[]{0, 3, 32}) {
            Observation o = TransformerPolicyTest.obs(rng, present);
            assertEquals(s.meanAction(o), back.meanAction(o));
        }
        assertEquals(-1.7, back.policy().logStd().item(), 1e-6);
        String json = Files.readString(dir.resolve(PolicyIO.DESCRIPTION));
        assertTrue(json.contains("\"format\": \"learnedlr-policy-1\""), json);
        assertTrue(json.contains("\"window\": 512"), json);
        assertTrue(json.contains("\"max_log_change\": " + Math.log(100)), json);
    }

    @Test
    void currentCommitIsAHashOrUnknown() {
        String c = PolicyIO.currentCommit();
        assertTrue(c.equals("unknown") || c.matches("[0-9a-f]{40}"), c);
    }

    private void edit(String from, String to) throws IOException {
        Path f = dir.resolve(PolicyIO.DESCRIPTION);
        String json = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(json.contains(from), json);
        Files.writeString(f, json.replace(from, to), StandardCharsets.UTF_8);
    }

    private String loadError() {
        return assertThrows(IOException.class, () -> PolicyIO.load(dir)).getMessage();
    }

    @Test
    void loadingExplainsWhatIsWrong() throws IOException {
        assertTrue(loadError().contains("not a saved policy"));
        PolicyIO.save(dir, saved(2));
        edit("\"learnedlr-policy-1\"", "\"other\"");
        assertTrue(loadError().contains("format"), loadError());

        PolicyIO.save(dir, saved(2));
        edit("\"heads\": 2,", "");
        assertTrue(loadError().contains("policy.heads: missing"), loadError());

        PolicyIO.save(dir, saved(2));
        edit("\"buckets\": 8", "\"buckets\": \"8\"");
        assertTrue(loadError().contains("observation.buckets: expected a number"), loadError());

        PolicyIO.save(dir, saved(2));
        edit("\"buckets\": 8", "\"buckets\": 4");
        assertTrue(loadError().contains("expects 32 of 192"), loadError());

        PolicyIO.save(dir, saved(2));
        edit("\"band_low\": 0.001", "\"band_low\": 2.0");
        assertTrue(loadError().contains("bandLow"), loadError());

        PolicyIO.save(dir, saved(2));
        edit("\"d_model\": 16", "\"d_model\": 32");
        String e = loadError();
        assertTrue(e.contains("policy.safetensors") && e.contains("[33, 16]"), e);

        PolicyIO.save(dir, saved(2));
        edit("\"trained_by\": \"bc experts=[cosine]\"", "\"trained_by\": \"something else\"");
        assertTrue(loadError().contains("different description"), loadError());

        PolicyIO.save(dir, saved(2));
        edit("{", "{,");
        assertTrue(loadError().contains("malformed JSON"), loadError());

        PolicyIO.save(dir, saved(2));
        Files.delete(dir.resolve(PolicyIO.WEIGHTS));
        assertTrue(loadError().contains("is missing"), loadError());
    }
}

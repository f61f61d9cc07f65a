package org.learnedlr.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SettingKeyTest {
    @Test
    void readsEvalSettingKeysBackIntoTheirParts() {
        SettingKey k = SettingKey.of("mlp/adam/3.0E-4/2000");
        assertEquals("mlp/adam", k.group());
        assertEquals(3e-4, k.eta0());
        assertEquals(2000, k.steps());
        assertEquals("0.0003", k.eta0Text());
        assertEquals("3", SettingKey.of("resnet18/sgd/3.0/300").eta0Text());
    }

    @Test
    void otherKeysStandForThemselves() {
        SettingKey k = SettingKey.of("my-setting");
        assertEquals("other settings", k.group());
        assertTrue(Double.isNaN(k.eta0()));
        assertEquals(0, k.steps());
        assertEquals("my-setting", k.eta0Text());
        assertEquals("other settings", SettingKey.of("a/b/fast/100").group());
    }
}

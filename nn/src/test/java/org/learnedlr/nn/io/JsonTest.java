package org.learnedlr.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writtenValuesParseBackTheSameOnOneLineAndPretty() throws Json.SyntaxException {
        Object v = Json.parse("{\"a\": [1, 2.5e-3, true, null, \"x\\ny\\u0041\"], \"b\": {}, \"c\": {\"d\": []}}");
        String line = Json.write(v, false);
        assertEquals("{\"a\":[1,2.5e-3,true,null,\"x\\nyA\"],\"b\":{},\"c\":{\"d\":[]}}", line);
        assertEquals(v, Json.parse(line));
        String pretty = Json.write(v, true);
        assertEquals("{\n  \"a\": [1, 2.5e-3, true, null, \"x\\nyA\"],\n  \"b\": {},\n  \"c\": {\n    \"d\": []\n  }\n}",
                pretty);
        assertEquals(v, Json.parse(pretty));
    }

    @Test
    void javaNumbersAreWrittenExactly() throws Json.SyntaxException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("int", 3);
        m.put("long", 1L << 40);
        m.put("double", 0.1);
        m.put("tiny", 1e-300);
        m.put("list", List.of(1.5f, -2.0));
        assertEquals("{\"int\":3,\"long\":1099511627776,\"double\":0.1,\"tiny\":1.0E-300,\"list\":[1.5,-2.0]}",
                Json.write(m, false));
        Map<?, ?> back = (Map<?, ?>) Json.parse(Json.write(m, false));
        assertEquals(1e-300, Double.parseDouble(back.get("tiny").toString()), 0.0);
    }

    @Test
    void malformedInputAndUnwritableValuesAreRejected() {
        for (String bad : new String[]{"{\"a\":1,}", "{\"a\":1,\"a\":2}", "[01]", "\"\\q\"", "{} x", "[1,]", "tru"}) {
            assertThrows(Json.SyntaxException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN, false));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Double.POSITIVE_INFINITY), true));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object(), false));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2), false));
    }
}

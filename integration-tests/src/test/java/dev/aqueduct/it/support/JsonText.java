package dev.aqueduct.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** Parses JSON text in tests. */
public final class JsonText {

    private JsonText() {
    }

    public static JsonObject object(String text) {
        try (var r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }
}

package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

/** The component's documentation lists every option and header of the generated catalog JSON, with a description. */
class ComponentDocTest {

    @Test
    void everyOptionAndHeaderIsDocumented() throws Exception {
        JsonObject json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/org/yamtorrent/camel/torrent.json")) {
            assertNotNull(in, "the generated catalog JSON is in the jar");
            json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String doc = Files.readString(Path.of("src/main/docs/torrent-component.adoc"));
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (String section : List.of("componentProperties", "properties", "headers")) {
            JsonObject options = (JsonObject) json.get(section);
            for (String name : options.keySet()) {
                count++;
                JsonObject option = (JsonObject) options.get(name);
                String description = (String) option.get("description");
                assertFalse(description == null || description.isBlank(), section + "." + name + " has no description");
                if (!doc.contains("| *" + name + "*")) {
                    missing.add(section + "." + name);
                }
            }
        }
        assertEquals(List.of(), missing, "options missing from torrent-component.adoc (" + count + " checked)");
    }
}

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.lang.model.SourceVersion;

import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * Writes the starter's TorrentComponentConfiguration from the component's catalog (torrent.json): one property per
 * component option, the catalog's description as its javadoc (from which spring-boot-configuration-processor writes
 * the IDE metadata) and the catalog's default as its initial value. An option named by a Java keyword (private)
 * gets a field with an Option suffix, and its description goes into additional-spring-configuration-metadata.json,
 * since the processor finds the javadoc by field name.
 * <p>
 * Run by the starter's build (exec-maven-plugin, generate-sources) as a single source file, so the starter needs no
 * generator module of its own: {@code java -cp <classpath> TorrentComponentConfigurationGenerator.java <torrent.json>
 * <java dir> <resources dir>}. camel-spring-boot generates its starters with a plugin of its own, which is not
 * published; this is the part of it a single component needs.
 */
public class TorrentComponentConfigurationGenerator {

    private static final String PACKAGE = "org.yamtorrent.camel.springboot";
    private static final String CLASS = "TorrentComponentConfiguration";
    private static final String PREFIX = "camel.component.torrent";

    public static void main(String[] args) throws Exception {
        JsonObject catalog = (JsonObject) Jsoner.deserialize(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        List<Property> properties = new ArrayList<>();
        for (Map.Entry<String, Object> e : ((JsonObject) catalog.get("componentProperties")).entrySet()) {
            properties.add(new Property(e.getKey(), (JsonObject) e.getValue()));
        }
        Path source = Path.of(args[1], PACKAGE.replace('.', '/'), CLASS + ".java");
        write(source, configurationClass(properties));
        write(Path.of(args[2], "META-INF", "additional-spring-configuration-metadata.json"), keywordMetadata(properties));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    private static String configurationClass(List<Property> properties) {
        StringBuilder s = new StringBuilder();
        s.append("package ").append(PACKAGE).append(";\n\n")
                // imported: spring-boot-configuration-processor reads a default only from Duration.ofMillis(...)
                .append("import java.time.Duration;\n\n")
                .append("/**\n")
                .append(" * The {@code torrent:} component's options as Spring Boot properties, {@code ").append(PREFIX)
                .append(".*}. Generated from\n")
                .append(" * torrent.json by TorrentComponentConfigurationGenerator (src/build): do not edit. An object option"
                        + " takes a bean\n")
                .append(" * reference ({@code #name} or {@code #bean:name}, see TorrentComponentConverter).\n")
                .append(" */\n")
                .append("@org.springframework.boot.context.properties.ConfigurationProperties(prefix = \"").append(PREFIX)
                .append("\")\n")
                .append("public class ").append(CLASS)
                .append(" extends org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon {\n\n")
                .append("    /**\n     * Whether to enable auto configuration of the torrent component. This is enabled by"
                        + " default.\n     */\n")
                .append("    private Boolean enabled;\n");
        for (Property p : properties) {
            s.append(javadoc(p.description(), "    ")).append("    private ").append(p.type()).append(' ')
                    .append(p.field()).append(p.initializer()).append(";\n");
        }
        s.append(accessors("Boolean", "enabled", "Enabled"));
        for (Property p : properties) {
            s.append(accessors(p.type(), p.field(), p.capitalized()));
        }
        return s.append("}\n").toString();
    }

    private static String accessors(String type, String field, String capitalized) {
        return "\n    public " + type + " get" + capitalized + "() {\n        return " + field + ";\n    }\n\n"
               + "    public void set" + capitalized + "(" + type + " " + field + ") {\n        this." + field + " = "
               + field + ";\n    }\n";
    }

    private static String javadoc(String text, String indent) {
        StringBuilder s = new StringBuilder(indent).append("/**\n");
        StringBuilder line = new StringBuilder();
        // "*/" would end the comment, and javac reads a backslash-u as a unicode escape even in comments
        for (String word : text.replace("*/", "* /").replace("\\u", "\\ u").trim().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > 110) {
                s.append(indent).append(" * ").append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        return s.append(indent).append(" * ").append(line).append('\n').append(indent).append(" */\n").toString();
    }

    private static String keywordMetadata(List<Property> properties) {
        JsonArray entries = new JsonArray();
        for (Property p : properties) {
            if (p.keyword()) {
                JsonObject entry = new JsonObject();
                entry.put("name", PREFIX + "." + p.name.replaceAll("([A-Z])", "-$1").toLowerCase());
                entry.put("type", p.qualifiedType());
                entry.put("description", p.description());
                entry.put("sourceType", PACKAGE + "." + CLASS);
                if (p.option.get("defaultValue") != null) {
                    entry.put("defaultValue", p.option.get("defaultValue"));
                }
                entries.add(entry);
            }
        }
        JsonObject root = new JsonObject();
        root.put("properties", entries);
        return Jsoner.prettyPrint(root.toJson()) + "\n";
    }

    /** One component option of the catalog, and the Java it becomes. */
    private record Property(String name, JsonObject option) {

        String description() {
            return option.getString("description");
        }

        boolean keyword() {
            return SourceVersion.isKeyword(name);
        }

        String field() {
            return keyword() ? name + "Option" : name;
        }

        String capitalized() {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }

        /** Wrapper types, so an unset property stays null; durations as java.time.Duration ("5s", "500ms"). */
        String type() {
            String javaType = option.getString("javaType").replace('$', '.');
            switch (option.getString("type")) {
                case "boolean": return "Boolean";
                case "integer": return javaType.endsWith("ong") ? "Long" : "Integer";
                case "number": return javaType.endsWith("loat") ? "Float" : "Double";
                case "string": return "String";
                case "duration": return "Duration";
                default: return javaType.startsWith("java.lang.") ? javaType.substring("java.lang.".length()) : javaType;
            }
        }

        String qualifiedType() {
            String type = type();
            return "Duration".equals(type) ? "java.time.Duration" : type.contains(".") ? type : "java.lang." + type;
        }

        String initializer() {
            Object value = option.get("defaultValue");
            if (value == null) {
                return "";
            }
            String text = String.valueOf(value);
            switch (option.getString("type")) {
                case "boolean": return " = " + Boolean.parseBoolean(text);
                case "integer": return " = " + text + ("Long".equals(type()) ? "L" : "");
                case "number": return " = " + Double.parseDouble(text) + ("Float".equals(type()) ? "f" : "");
                case "duration": return " = Duration.ofMillis(" + TimeUtils.toMilliSeconds(text) + ")";
                case "enum": return "String".equals(type()) ? " = " + literal(text) : " = " + type() + "." + text;
                case "string": return " = " + literal(text);
                default: return "";
            }
        }

        private static String literal(String text) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}

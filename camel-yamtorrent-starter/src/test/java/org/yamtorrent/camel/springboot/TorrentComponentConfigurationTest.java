package org.yamtorrent.camel.springboot;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.util.StringHelper;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.yamtorrent.camel.TorrentComponent;
import org.yamtorrent.camel.TorrentComponentConfigurer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every component option of the catalog (camel-yamtorrent's generated torrent.json) is a Spring Boot property: a
 * property of {@link TorrentComponentConfiguration} (generated from that catalog by src/build's generator) with the
 * catalog's default, an entry with the catalog's description in the spring-configuration-metadata.json the
 * configuration processor writes, and a value set under {@code camel.component.torrent.*} reaches the component Camel
 * creates.
 */
class TorrentComponentConfigurationTest {

    private static final String PREFIX = "camel.component.torrent.";
    /** Properties of every camel-spring-boot component configuration, not options of the component. */
    private static final Set<String> STARTER_OWN = Set.of("enabled", "customizer");

    private final Map<String, JsonObject> catalog = catalogOptions();
    private final Map<String, JsonObject> metadata = metadataProperties();

    @Test
    void everyCatalogOptionIsBound() throws Exception {
        List<String> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        TorrentComponentConfiguration defaults = new TorrentComponentConfiguration();
        Set<Class<?>> beanTypes = TorrentComponentConverter.BEAN_TYPES;
        for (Map.Entry<String, JsonObject> e : catalog.entrySet()) {
            String name = e.getKey();
            JsonObject option = e.getValue();
            PropertyDescriptor pd = BeanUtils.getPropertyDescriptor(TorrentComponentConfiguration.class, name);
            JsonObject meta = metadata.get(PREFIX + StringHelper.camelCaseToDash(name));
            if (pd == null || pd.getReadMethod() == null || pd.getWriteMethod() == null || meta == null) {
                missing.add(name + " (" + option.getString("type") + ", " + option.getString("javaType") + ")");
                continue;
            }
            String description = normalized(option.getString("description"));
            if (!description.equals(normalized(meta.getString("description")))) {
                different.add("- the javadoc of " + name + " must be the catalog's description: " + description);
            }
            if ("object".equals(option.getString("type")) && !beanTypes.contains(pd.getPropertyType())) {
                different.add("- TorrentComponentConverter does not bind " + pd.getPropertyType().getName() + ", so "
                              + PREFIX + StringHelper.camelCaseToDash(name) + "=#beanName cannot bind");
            }
            Object expected = expectedDefault(option);
            Object actual = pd.getReadMethod().invoke(defaults);
            if (!String.valueOf(expected).equals(String.valueOf(actual == null ? null : asCatalogValue(actual)))) {
                different.add("- " + name + " must start as the catalog's default " + expected + " (it is " + actual + ")");
            }
        }
        if (!missing.isEmpty()) {
            different.add("- not Spring Boot properties with metadata (see TorrentComponentConfigurationGenerator): "
                          + String.join(", ", missing));
        }
        assertTrue(different.isEmpty(), "camel-yamtorrent-starter's TorrentComponentConfiguration does not match the "
                                        + "component's catalog (torrent.json):\n" + String.join("\n", different) + "\n");
    }

    @Test
    void noPropertyOutsideTheCatalog() {
        Set<String> extra = new TreeSet<>();
        for (PropertyDescriptor pd : BeanUtils.getPropertyDescriptors(TorrentComponentConfiguration.class)) {
            if (pd.getWriteMethod() != null && !STARTER_OWN.contains(pd.getName()) && !catalog.containsKey(pd.getName())) {
                extra.add(pd.getName());
            }
        }
        assertTrue(extra.isEmpty(), "TorrentComponentConfiguration has properties the component no longer has "
                                    + "(was it generated from another torrent.json?): " + extra);
    }

    @Test
    void propertiesReachTheComponent() {
        Map<String, Object> expected = new LinkedHashMap<>();
        List<String> properties = new ArrayList<>();
        for (Map.Entry<String, JsonObject> e : catalog.entrySet()) {
            Object[] value = nonDefault(e.getValue());
            if (value != null) {
                properties.add(PREFIX + StringHelper.camelCaseToDash(e.getKey()) + "=" + value[0]);
                expected.put(e.getKey(), value[1]);
            }
        }
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                        TorrentComponentConverter.class, TorrentComponentAutoConfiguration.class))
                .withPropertyValues(properties.toArray(String[]::new))
                .run(context -> {
                    CamelContext camel = context.getBean(CamelContext.class);
                    // created, customized and not started: the values above need not make a working session
                    TorrentComponent component = (TorrentComponent) camel.getComponent("torrent", true, false);
                    TorrentComponentConfigurer configurer = new TorrentComponentConfigurer();
                    for (Map.Entry<String, Object> e : expected.entrySet()) {
                        Object actual = configurer.getOptionValue(component, e.getKey(), false);
                        assertEquals(e.getValue(), asCatalogValue(actual), PREFIX + e.getKey() + " did not reach the component");
                    }
                });
        assertTrue(expected.size() >= catalog.size() - objectOptions(), "every scalar option is tried: " + expected.keySet());
    }

    @Test
    void beanReferencesReachTheComponent() throws Exception {
        List<String> tried = new ArrayList<>();
        for (Map.Entry<String, JsonObject> e : catalog.entrySet()) {
            if (nonDefault(e.getValue()) != null) {
                continue;
            }
            String name = e.getKey();
            Class<?> type = BeanUtils.getPropertyDescriptor(TorrentComponentConfiguration.class, name).getPropertyType();
            Object bean = instanceOf(type);
            // one run per option: an option inside the configuration object must not meet a new configuration
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                            TorrentComponentConverter.class, TorrentComponentAutoConfiguration.class))
                    .withBean("the-" + name, Object.class, () -> bean)
                    .withPropertyValues(PREFIX + StringHelper.camelCaseToDash(name) + "=#bean:the-" + name)
                    .run(context -> {
                        TorrentComponent component = (TorrentComponent) context.getBean(CamelContext.class)
                                .getComponent("torrent", true, false);
                        assertSame(bean, new TorrentComponentConfigurer().getOptionValue(component, name, false),
                                PREFIX + name + "=#bean:the-" + name + " did not reach the component");
                    });
            tried.add(name);
        }
        assertEquals(objectOptions(), tried.size(), "every object option is tried: " + tried);
    }

    /** A bean of an option's type: a new instance of a class, a do-nothing proxy of an interface. */
    private static Object instanceOf(Class<?> type) throws Exception {
        if (type.isInterface()) {
            return java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> method.getName().equals("equals") ? proxy == args[0]
                            : method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                            : method.getReturnType() == boolean.class ? false : null);
        }
        return type.getDeclaredConstructor().newInstance();
    }

    // --- the catalog's types, and what the configuration class declares for them

    /** A property value other than the default, and the value the component then reports; null for objects. */
    private static Object[] nonDefault(JsonObject option) {
        String def = option.getString("defaultValue") == null ? null : String.valueOf(option.get("defaultValue"));
        switch (option.getString("type")) {
            case "boolean":
                boolean b = !Boolean.parseBoolean(def);
                return new Object[] {b, b};
            case "integer":
                long i = def == null ? 7 : Long.parseLong(def) + 1;
                // the catalog says integer for int and long alike
                return "long".equals(option.getString("javaType")) ? new Object[] {i, i} : new Object[] {(int) i, (int) i};
            case "number":
                return new Object[] {"1.5", 1.5};
            case "string":
                return new Object[] {"x-test", "x-test"};
            case "duration":
                return new Object[] {"7s", 7000L};
            case "enum":
                JsonArray values = (JsonArray) option.get("enum");
                String other = values.stream().map(String::valueOf).filter(v -> !v.equals(def)).findFirst().orElseThrow();
                return new Object[] {other, other};
            default:
                return null;
        }
    }

    private long objectOptions() {
        return catalog.values().stream().filter(o -> nonDefault(o) == null).count();
    }

    /** The catalog's default as the configuration class must hold it: durations in the catalog's text. */
    private static Object expectedDefault(JsonObject option) {
        Object def = option.get("defaultValue");
        if (def == null) {
            return null;
        }
        if ("duration".equals(option.getString("type"))) {
            return durationMillis(String.valueOf(def));
        }
        return String.valueOf(def);
    }

    /** Numbers, booleans and durations as the catalog writes them (durations as milliseconds). */
    private static Object asCatalogValue(Object value) {
        if (value instanceof java.time.Duration d) {
            return d.toMillis();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value;
    }

    private static long durationMillis(String text) {
        return org.apache.camel.util.TimeUtils.toMilliSeconds(text);
    }

    private static String normalized(String text) {
        return text == null ? null : Arrays.stream(text.trim().split("\\s+")).collect(Collectors.joining(" "));
    }

    // --- the two JSON files

    private static Map<String, JsonObject> catalogOptions() {
        JsonObject root = json("META-INF/org/yamtorrent/camel/torrent.json");
        Map<String, JsonObject> options = new LinkedHashMap<>();
        ((JsonObject) root.get("componentProperties")).forEach((k, v) -> options.put(k, (JsonObject) v));
        return options;
    }

    private static Map<String, JsonObject> metadataProperties() {
        JsonObject root = json("META-INF/spring-configuration-metadata.json");
        Map<String, JsonObject> properties = new LinkedHashMap<>();
        for (Object p : (JsonArray) root.get("properties")) {
            JsonObject property = (JsonObject) p;
            properties.put(property.getString("name"), property);
        }
        return properties;
    }

    private static JsonObject json(String resource) {
        try (InputStream in = TorrentComponentConfigurationTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | org.apache.camel.util.json.DeserializationException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}

package org.yamtorrent.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which route files the app loads ({@code camel.main.routes-include-pattern}). Unset, it is
 * {@code file:routes/download.yaml} when the working directory has that file (a local copy overrides the default),
 * else the distribution's {@code routes/download.yaml}, else the default download route inside the app
 * ({@code classpath:routes/download.yaml}), so the app runs from any directory. Each part of the pattern is checked before Camel starts: camel-main throws a stack trace for a file
 * that is not there and loads nothing, silently, for a wildcard that matches nothing; here one line names what was
 * looked for instead.
 */
final class RoutesPattern {

    static final String KEY = "camel.main.routes-include-pattern";
    static final String LOCAL = "file:routes/download.yaml";
    static final String BUILT_IN = "classpath:routes/download.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(RoutesPattern.class);

    private RoutesPattern() {
    }

    /**
     * The configured pattern (system property, environment, the distribution's {@code conf/application.properties},
     * the app's application.properties), or the default: {@code routes/download.yaml} in the working directory, else
     * in the distribution ({@code home}, null when run from the jar), else the built-in one.
     */
    static String configured(Path home) {
        String p = System.getProperty(KEY);
        if (p == null) {
            p = System.getenv("CAMEL_MAIN_ROUTES_INCLUDE_PATTERN");
        }
        if (p == null && home != null) {
            p = properties(home.resolve("conf/application.properties")).getProperty(KEY);
        }
        if (p == null) {
            p = applicationProperties().getProperty(KEY);
        }
        if (p != null && !p.isBlank()) {
            return p.trim();
        }
        if (Files.isRegularFile(Path.of("routes", "download.yaml"))) {
            return LOCAL;
        }
        if (home != null && Files.isRegularFile(home.resolve("routes/download.yaml"))) {
            return "file:" + home.resolve("routes/download.yaml");
        }
        return BUILT_IN;
    }

    /**
     * The parts of {@code pattern} that match something. A part that matches nothing is left out with one WARN line
     * naming where it was looked for; when no part matches, one ERROR line does and the result is empty.
     */
    static List<String> existing(String pattern) {
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String part : pattern.split(",")) {
            String p = part.trim();
            String where = p.isEmpty() ? null : lookedFor(p);
            if (where != null) {
                missing.add(p + " (looked for " + where + ")");
            } else if (!p.isEmpty()) {
                found.add(p);
            }
        }
        if (found.isEmpty()) {
            LOG.error("No route file to load: {} matches nothing: {}; set it to route files that exist, or leave it "
                      + "unset for the built-in download route", KEY, String.join(", ", missing));
        } else if (!missing.isEmpty()) {
            LOG.warn("{}: skipped, as it matches no route file: {}", KEY, String.join(", ", missing));
        }
        return found;
    }

    /** Null when the part matches something, else a description of where it was looked for. */
    private static String lookedFor(String part) {
        if (part.startsWith("classpath:")) {
            String name = part.substring("classpath:".length()).replaceFirst("^/", "");
            if (!isWildcard(name)) {
                return RoutesPattern.class.getClassLoader().getResource(name) != null ? null : name + " on the class path";
            }
            return null; // a classpath wildcard is resolved by Camel; only the app's own resources use one
        }
        String file = part.startsWith("file:") ? part.substring("file:".length()) : part;
        if (!isWildcard(file)) {
            Path path = Path.of(file).toAbsolutePath();
            return Files.isRegularFile(path) ? null : "the file " + path;
        }
        return matchesAny(file) ? null : "files matching " + Path.of(file).toAbsolutePath();
    }

    private static boolean matchesAny(String glob) {
        int wild = firstWildcard(glob);
        int slash = glob.lastIndexOf('/', wild);
        Path base = Path.of(slash < 0 ? "." : glob.substring(0, slash + 1)).toAbsolutePath().normalize();
        if (!Files.isDirectory(base)) {
            return false;
        }
        String rest = glob.substring(slash + 1);
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        // Ant's **/ (Camel's matcher) also matches no directory at all; the JDK's glob needs one
        PathMatcher top = FileSystems.getDefault().getPathMatcher("glob:" + rest.replaceFirst("^\\*\\*/", ""));
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile).map(base::relativize).anyMatch(f -> m.matches(f) || top.matches(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isWildcard(String s) {
        return firstWildcard(s) < s.length();
    }

    private static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '*' || s.charAt(i) == '?') {
                return i;
            }
        }
        return s.length();
    }

    private static Properties properties(Path file) {
        Properties props = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return props;
    }

    private static Properties applicationProperties() {
        Properties props = new Properties();
        try (InputStream in = RoutesPattern.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }
}

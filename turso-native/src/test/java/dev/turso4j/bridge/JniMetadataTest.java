package dev.turso4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GraalVM reachability metadata in the jar grants JNI access to exactly the classes and members
 * {@code jni.rs} looks up, so a native image finds them, and the two cannot drift apart: a lookup added
 * to the Rust code without its metadata (or metadata left behind by a removed lookup) fails here.
 */
class JniMetadataTest {

    private static final String METADATA = "/META-INF/native-image/dev.turso4j/turso-native/reachability-metadata.json";

    /** The JNI calls that look a class or member up by name, with their string arguments. */
    private static final Pattern LOOKUP = Pattern.compile(
            "\\.(new_object|throw_new|get_method_id|get_static_method_id|is_instance_of|find_class)\\(\\s*"
                    + "(?:[^,\"()]*,\\s*)?\"([^\"]+)\"(?:\\s*,\\s*\"([^\"]+)\")?(?:\\s*,\\s*\"([^\"]+)\")?");

    /** Calls that look a member up on the object's runtime class, which metadata cannot name. */
    private static final Pattern BY_RUNTIME_CLASS = Pattern.compile(
            "\\.(call_method|call_static_method|get_field|set_field|get_static_field|set_static_field)\\(");

    @Test
    void theMetadataGrantsExactlyWhatJniRsLooksUp() throws Exception {
        String jni = Files.readString(Path.of("src/main/rust/jni.rs"));
        assertThat(BY_RUNTIME_CLASS.matcher(jni).results().map(MatchResult::group).toList())
            .as("look members up with get_method_id on the class that declares them, so metadata can name them")
            .isEmpty();

        Set<String> lookedUp = new TreeSet<>();
        Matcher lookup = LOOKUP.matcher(jni);
        while (lookup.find()) {
            String type = lookup.group(2).replace('/', '.');
            switch (lookup.group(1)) {
                case "new_object" -> lookedUp.add(member(type, "<init>", lookup.group(3)));
                case "throw_new" -> lookedUp.add(member(type, "<init>", "(Ljava/lang/String;)V"));
                case "get_method_id", "get_static_method_id" ->
                    lookedUp.add(member(type, lookup.group(3), lookup.group(4)));
                default -> lookedUp.add(type);
            }
        }
        assertThat(lookedUp).as("the lookups found in jni.rs").hasSizeGreaterThanOrEqualTo(4);

        Set<String> granted = new TreeSet<>();
        for (JsonNode entry : metadata().get("reflection")) {
            assertThat(entry.path("jniAccessible").asBoolean()).as(entry.toString()).isTrue();
            String type = entry.get("type").asString();
            Class.forName(type); // every type named exists
            granted.add(type);
            for (JsonNode method : entry.path("methods")) {
                List<String> parameters = new ArrayList<>();
                method.get("parameterTypes").forEach((parameter) -> parameters.add(parameter.asString()));
                granted.add(type + "#" + method.get("name").asString() + "(" + String.join(",", parameters) + ")");
            }
        }
        Set<String> typesLookedUp = new TreeSet<>();
        lookedUp.forEach((name) -> typesLookedUp.add(name.contains("#") ? name.substring(0, name.indexOf('#')) : name));
        Set<String> expected = new TreeSet<>(typesLookedUp);
        expected.addAll(lookedUp);
        assertThat(granted).isEqualTo(expected);
    }

    @Test
    void theLoadersResourcesAreIncludedButNotEveryPlatformsLibrary() throws Exception {
        List<String> globs = new ArrayList<>();
        metadata().get("resources").forEach((resource) -> globs.add(resource.get("glob").asString()));
        assertThat(globs).containsExactly("dev/turso4j/native/platforms", "dev/turso4j/native/turso4j.properties");
        globs.forEach((glob) -> assertThat(JniMetadataTest.class.getResource("/" + glob)).as(glob).isNotNull());
    }

    /** {@code type#name(parameter types)} from a JNI method descriptor such as {@code (ILjava/lang/String;)V}. */
    private static String member(String type, String name, String descriptor) {
        List<String> parameters = new ArrayList<>();
        String arguments = descriptor.substring(1, descriptor.indexOf(')'));
        for (int i = 0; i < arguments.length(); i++) {
            int dimensions = 0;
            while (arguments.charAt(i) == '[') {
                dimensions++;
                i++;
            }
            String parameter = switch (arguments.charAt(i)) {
                case 'Z' -> "boolean";
                case 'B' -> "byte";
                case 'C' -> "char";
                case 'S' -> "short";
                case 'I' -> "int";
                case 'J' -> "long";
                case 'F' -> "float";
                case 'D' -> "double";
                case 'L' -> {
                    int end = arguments.indexOf(';', i);
                    String className = arguments.substring(i + 1, end).replace('/', '.');
                    i = end;
                    yield className;
                }
                default -> throw new IllegalArgumentException("not a JNI descriptor: " + descriptor);
            };
            parameters.add(parameter + "[]".repeat(dimensions));
        }
        return type + "#" + name + "(" + String.join(",", parameters) + ")";
    }

    private static JsonNode metadata() throws Exception {
        try (InputStream in = JniMetadataTest.class.getResourceAsStream(METADATA)) {
            assertThat(in).as(METADATA).isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }
}

package dev.turso4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turso4j.nativelib.NativeLibraryException;
import dev.turso4j.nativelib.NativePlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class NativePlatformTest {

    @Test
    void mapsOperatingSystemsAndArchitecturesToFolderNames() {
        assertThat(NativePlatform.of("Linux", "amd64", false).folder()).isEqualTo("linux-x86_64");
        assertThat(NativePlatform.of("Linux", "aarch64", true).folder()).isEqualTo("linux-musl-aarch64");
        assertThat(NativePlatform.of("Mac OS X", "aarch64", false).folder()).isEqualTo("macos-aarch64");
        assertThat(NativePlatform.of("Windows 11", "amd64", false).libraryFileName()).isEqualTo("turso4j.dll");
        assertThat(NativePlatform.of("Linux", "x86_64", false).folder()).isEqualTo("linux-x86_64");
    }

    @Test
    void anUnsupportedPlatformIsNamedWithEveryPlaceTried() {
        assertThatThrownBy(() -> NativeLoader.loadOnce(NativePlatform.of("SunOS", "sparcv9", false)))
            .isInstanceOfSatisfying(NativeLibraryException.class, (ex) -> {
                assertThat(ex.getPlatform()).isEqualTo("sunos-sparcv9");
                assertThat(ex.getMessage()).contains("sunos-sparcv9",
                        "No library for it is on the class path (found: " + NativePlatform.current().folder() + ")",
                        "turso4j releases libraries for linux-x86_64, linux-aarch64, macos-x86_64, macos-aarch64, "
                                + "windows-x86_64; for another platform, build the library",
                        "classpath:/dev/turso4j/native/sunos-sparcv9/libturso4j.so");
            });
    }

    @Test
    void aReleasedPlatformWithoutItsJarIsToldTheDependencyToAdd() {
        assertThatThrownBy(() -> NativeLoader.loadOnce(NativePlatform.of("Windows 11", "amd64", false)))
            .hasMessageContaining("add the dependency dev.turso4j:turso-native:" + NativeLoader.version()
                    + ":windows-x86_64 (Gradle: runtimeOnly(\"dev.turso4j:turso-native:" + NativeLoader.version()
                    + ":windows-x86_64\")).");
    }

    @Test
    void everyReleasedPlatformHasItsJarInTheBuild() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> classifiers = Pattern.compile("<classifier>([a-z0-9_-]+)</classifier>").matcher(pom).results()
            .map((match) -> match.group(1)).distinct().toList();
        assertThat(classifiers).as("the platform jars and the natives-* profiles of pom.xml")
            .containsExactlyElementsOf(NativePlatform.RELEASED);
    }

    /**
     * A user's build picks the platform jar with the same operating system and architecture conditions
     * as the build that made it (the parent's host-* profiles), which every release runner proves by
     * building its library; and never inside this repository's own build, where it would be a cycle.
     */
    @Test
    void aUsersBuildPicksThePlatformJarUnderTheConditionsItWasBuiltUnder() throws Exception {
        Map<String, Element> natives = profiles(Path.of("pom.xml"), "natives-");
        Map<String, Element> hosts = profiles(Path.of("../pom.xml"), "host-");
        assertThat(natives.keySet()).containsExactlyInAnyOrderElementsOf(NativePlatform.RELEASED);
        assertThat(hosts.keySet()).containsExactlyInAnyOrderElementsOf(NativePlatform.RELEASED);
        for (String platform : NativePlatform.RELEASED) {
            Element activation = child(natives.get(platform), "activation");
            assertThat(child(activation, "os").getTextContent().strip())
                .as(platform).isEqualTo(child(child(hosts.get(platform), "activation"), "os").getTextContent().strip());
            assertThat(child(child(activation, "property"), "name").getTextContent()).isEqualTo("!turso4j.reactor");
            Element dependency = child(child(natives.get(platform), "dependencies"), "dependency");
            assertThat(child(dependency, "artifactId").getTextContent()).isEqualTo("turso-native");
            assertThat(child(dependency, "classifier").getTextContent()).isEqualTo(platform);
            assertThat(child(dependency, "scope").getTextContent()).isEqualTo("runtime");
        }
        assertThat(Files.readString(Path.of("../.mvn/maven.config"))).contains("-Dturso4j.reactor");
    }

    /** The profiles of a POM whose id starts with {@code prefix}, by the rest of their id. */
    private static Map<String, Element> profiles(Path pom, String prefix) throws Exception {
        Map<String, Element> profiles = new TreeMap<>();
        NodeList all = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
            .getElementsByTagName("profile");
        for (int i = 0; i < all.getLength(); i++) {
            Element profile = (Element) all.item(i);
            String id = child(profile, "id").getTextContent();
            if (id.startsWith(prefix)) {
                profiles.put(id.substring(prefix.length()), profile);
            }
        }
        return profiles;
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        throw new AssertionError(parent.getTagName() + " has no " + name);
    }

    @Test
    void aLibraryPathOverrideThatDoesNotLoadIsReported() {
        String previous = System.getProperty(NativeLoader.LIBRARY_PATH_PROPERTY);
        System.setProperty(NativeLoader.LIBRARY_PATH_PROPERTY, "/nonexistent/libturso4j.so");
        try {
            assertThatThrownBy(() -> NativeLoader.loadOnce(NativePlatform.current()))
                .isInstanceOf(NativeLibraryException.class)
                .hasMessageContaining("/nonexistent/libturso4j.so");
        }
        finally {
            if (previous == null) {
                System.clearProperty(NativeLoader.LIBRARY_PATH_PROPERTY);
            }
            else {
                System.setProperty(NativeLoader.LIBRARY_PATH_PROPERTY, previous);
            }
        }
    }
}

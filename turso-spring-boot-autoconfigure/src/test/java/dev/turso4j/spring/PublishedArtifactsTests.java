package dev.turso4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM users import ({@code dev.turso4j:turso4j-bom}) has no parent, so nothing keeps it in step with
 * the build but this: it lists the artifacts the parent manages, at the parent's version, with the
 * project information Maven Central requires.
 */
class PublishedArtifactsTests {

    @Test
    void theBomListsEveryPublishedArtifactAtTheReactorsVersion() throws Exception {
        Path root = projectRoot();
        Element parent = read(root.resolve("pom.xml"));
        Element bom = read(root.resolve("turso4j-bom/pom.xml"));

        assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
        assertThat(managedTurso4jArtifacts(bom)).isNotEmpty().isEqualTo(managedTurso4jArtifacts(parent));
        for (String module : children(parent, "modules", "module")) {
            Element pom = read(root.resolve(module).resolve("pom.xml"));
            boolean published = !"true".equals(text(child(pom, "properties"), "maven.deploy.skip"))
                    && !module.equals("turso4j-bom") && !"pom".equals(text(pom, "packaging"));
            if (published) {
                assertThat(managedTurso4jArtifacts(bom)).as("the BOM lists " + module).contains(text(pom, "artifactId"));
            }
        }
        for (String element : List.of("name", "description", "url")) {
            assertThat(text(bom, element)).as(element).isNotBlank();
        }
        assertThat(children(bom, "licenses", "license")).hasSize(1);
        assertThat(text(child(bom, "scm"), "url")).isEqualTo(text(child(parent, "scm"), "url"));
    }

    private static List<String> managedTurso4jArtifacts(Element pom) {
        List<String> artifacts = new ArrayList<>();
        NodeList dependencies = child(child(pom, "dependencyManagement"), "dependencies").getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (text(dependency, "groupId").equals("dev.turso4j")) {
                assertThat(text(dependency, "version")).isEqualTo("${project.version}");
                artifacts.add(text(dependency, "artifactId"));
            }
        }
        return artifacts;
    }

    /** The checkout's root: the folder above this module that holds the BOM. */
    private static Path projectRoot() {
        Path folder = Path.of("").toAbsolutePath();
        while (!Files.exists(folder.resolve("turso4j-bom/pom.xml"))) {
            folder = folder.getParent();
            assertThat(folder).as("the project root above " + Path.of("").toAbsolutePath()).isNotNull();
        }
        return folder;
    }

    private static Element read(Path pom) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        return document.getDocumentElement();
    }

    /** A direct child element, or {@code null}. */
    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return (element != null) ? element.getTextContent().trim() : "";
    }

    private static List<String> children(Element parent, String listName, String itemName) {
        List<String> items = new ArrayList<>();
        Element list = child(parent, listName);
        for (Node node = (list != null) ? list.getFirstChild() : null; node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(itemName)) {
                items.add(element.getTextContent().trim());
            }
        }
        return items;
    }
}

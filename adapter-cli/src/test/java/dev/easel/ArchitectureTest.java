package dev.easel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md and STYLE.md, checked on the compiled main code of every module. */
class ArchitectureTest {

    /** The adapters at the edge: each may use the core and its own framework, nothing else of Easel. */
    private static final String[] EDGES = {"dev.easel.adapter.mcp..", "dev.easel.adapter.langchain4j..",
        "dev.easel.adapter.springai.."};

    /** The provider adapters, and the module they share. */
    private static final String[] PROVIDERS = {"dev.easel.adapter.runcomfy..", "dev.easel.adapter.modelark.."};
    private static final String SUPPORT = "dev.easel.adapter.support..";

    private static JavaClasses easel;

    @BeforeAll
    static void importMainClasses() {
        easel = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.easel");
    }

    @Test
    void theImportIsNotEmpty() {
        org.assertj.core.api.Assertions.assertThat(easel.contain("dev.easel.core.Easel")).isTrue();
        org.assertj.core.api.Assertions.assertThat(easel.contain("dev.easel.boot.Main")).isTrue();
    }

    /** A whitelist, not a blacklist: the core may use the JDK's java.* packages and itself, nothing else. */
    @Test
    void theCoreDependsOnTheJdkAndItselfOnly() {
        check(classes().that().resideInAPackage("dev.easel.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.easel.core.."));
    }

    /**
     * The rings of STYLE.md: model, errors and image facts at the centre; the ports around them; the
     * services around those; every adapter outside, none leaning on another. The whitelist above
     * still keeps frameworks out of the core (the onion rule alone does not). The composition root
     * is in no ring: it sees everything.
     */
    @Test
    void theRingsFormAnOnion() {
        check(onionArchitecture()
                .domainModels("dev.easel.core.model..", "dev.easel.core.error..", "dev.easel.core.image..")
                .domainServices("dev.easel.core.port..")
                .applicationServices("dev.easel.core.service..", "dev.easel.core")
                .adapter("provider-support", "dev.easel.adapter.support..")
                .adapter("runcomfy", "dev.easel.adapter.runcomfy..")
                .adapter("modelark", "dev.easel.adapter.modelark..")
                .adapter("storage", "dev.easel.adapter.storage..")
                .adapter("http", "dev.easel.adapter.http..")
                .adapter("cli", "dev.easel.adapter.cli..")
                .adapter("mcp", "dev.easel.adapter.mcp..")
                .adapter("langchain4j", "dev.easel.adapter.langchain4j..")
                .adapter("springai", "dev.easel.adapter.springai..")
                .withOptionalLayers(true)
                .ignoreDependency(resideInAPackage("dev.easel.boot.."), alwaysTrue())
                .ignoreDependency(resideInAnyPackage(PROVIDERS), resideInAPackage(SUPPORT)));
    }

    /**
     * What the provider adapters share (downloads, retries, emulator parts) is a module of its own,
     * since they may not import each other: a whitelist of the core, the JDK (its HTTP server and
     * ImageIO for the emulators) and Feign, which both providers use; never an adapter. Only the
     * provider adapters and the composition root use it.
     */
    @Test
    void providerSupportSeesTheCoreOnlyAndOnlyProvidersUseIt() {
        check(classes().that().resideInAPackage(SUPPORT)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.imageio..",
                        "com.sun.net.httpserver..", "dev.easel.core..", SUPPORT, "feign.."));
        check(noClasses().that().resideOutsideOfPackages(SUPPORT, "dev.easel.boot..")
                .and().resideOutsideOfPackages(PROVIDERS)
                .should().dependOnClassesThat().resideInAPackage(SUPPORT));
    }

    @Test
    void providerSupportIsImported() {
        org.assertj.core.api.Assertions.assertThat(easel.contain("dev.easel.adapter.support.Downloads")).isTrue();
        org.assertj.core.api.Assertions.assertThat(easel.contain("dev.easel.adapter.support.emulator.LoopbackServer")).isTrue();
    }

    @Test
    void drivenAdaptersDoNotKnowEachOtherNorAnyDrivingAdapter() {
        check(noClasses().that().resideInAPackage("dev.easel.adapter.runcomfy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.easel.adapter.storage..",
                        "dev.easel.adapter.http..", "dev.easel.adapter.cli..", "dev.easel.boot.."));
        check(noClasses().that().resideInAPackage("dev.easel.adapter.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.easel.adapter.runcomfy..",
                        "dev.easel.adapter.http..", "dev.easel.adapter.cli..", "dev.easel.boot.."));
        check(noClasses().that().resideInAPackage("dev.easel.adapter.modelark..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.easel.adapter.runcomfy..",
                        "dev.easel.adapter.storage..", "dev.easel.adapter.http..", "dev.easel.adapter.cli..",
                        "dev.easel.boot.."));
        check(noClasses().that().resideInAnyPackage("dev.easel.adapter.runcomfy..", "dev.easel.adapter.storage..")
                .should().dependOnClassesThat().resideInAPackage("dev.easel.adapter.modelark.."));
    }

    /** Handlers and commands call core use cases, never another adapter; only the composition root sees all. */
    @Test
    void drivingAdaptersUseTheCoreOnly() {
        check(noClasses().that().resideInAPackage("dev.easel.adapter.http..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.easel.adapter.cli..", "dev.easel.boot..",
                        "dev.easel.adapter.runcomfy..", "dev.easel.adapter.modelark..", "dev.easel.adapter.storage..",
                        "dev.easel.adapter.mcp..", SUPPORT));
        check(noClasses().that().resideInAPackage("dev.easel.adapter.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.easel.boot..",
                        "dev.easel.adapter.runcomfy..", "dev.easel.adapter.modelark..", "dev.easel.adapter.storage..",
                        "dev.easel.adapter.http..", SUPPORT));
    }

    /** The agent and framework faces (MCP, LangChain4j, Spring AI) sit at the edge: they see the core only. */
    @Test
    void agentAndFrameworkAdaptersSeeTheCoreOnly() {
        for (String edge : EDGES) {
            check(noClasses().that().resideInAPackage(edge)
                    .should().dependOnClassesThat().resideInAnyPackage(otherAdapters(edge)));
        }
        check(noClasses().that().resideInAnyPackage(EDGES)
                .should().dependOnClassesThat().resideInAPackage("dev.easel.core.service..")
                .because("they call use cases or the Easel facade"));
    }

    /** Nothing but the composition root wires them in; no other adapter leans on them. */
    @Test
    void onlyTheCompositionRootUsesTheEdgeAdapters() {
        for (String edge : EDGES) {
            check(noClasses().that().resideOutsideOfPackages(edge, "dev.easel.boot..")
                    .should().dependOnClassesThat().resideInAPackage(edge));
        }
    }

    @Test
    void theEdgeAdaptersAreImported() {
        org.assertj.core.api.Assertions.assertThat(easel.contain("dev.easel.adapter.mcp.EaselMcp")).isTrue();
        org.assertj.core.api.Assertions.assertThat(easel.contain("dev.easel.adapter.langchain4j.EaselImageModel")).isTrue();
        org.assertj.core.api.Assertions.assertThat(easel.contain("dev.easel.adapter.springai.EaselImageModel")).isTrue();
    }

    private static String[] otherAdapters(String edge) {
        return Stream.of("dev.easel.adapter.runcomfy..", "dev.easel.adapter.modelark..", "dev.easel.adapter.storage..", SUPPORT,
                        "dev.easel.adapter.http..", "dev.easel.adapter.cli..", "dev.easel.boot..",
                        "dev.easel.adapter.mcp..", "dev.easel.adapter.langchain4j..", "dev.easel.adapter.springai..")
                .filter(p -> !p.equals(edge)).toArray(String[]::new);
    }

    @Test
    void driversUseInboundPortsNotServices() {
        check(noClasses().that().resideInAnyPackage("dev.easel.adapter.cli..", "dev.easel.adapter.http..")
                .should().dependOnClassesThat().resideInAPackage("dev.easel.core.service.."));
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        check(noClasses().that().resideOutsideOfPackage("dev.easel.boot..")
                .should().dependOnClassesThat().resideInAPackage("dev.easel.boot.."));
    }

    @Test
    void noCyclesBetweenPackages() {
        check(slices().matching("dev.easel.(**)").should().beFreeOfCycles());
    }

    @Test
    void generalCodingRules() {
        check(GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION);
        check(GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS);
        check(GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING);
        check(noClasses().that().doNotHaveFullyQualifiedName("dev.easel.boot.Main")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("stdout carries data and only the launcher picks the streams"));
    }

    @Test
    void theCoreKnowsNoFrameworkAnnotations() {
        check(noClasses().that().resideInAPackage("dev.easel.core..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..", "com.google.inject..",
                        "jakarta.inject..", "javax.inject..", "feign.."));
    }

    private static void check(ArchRule rule) {
        rule.check(easel);
    }
}

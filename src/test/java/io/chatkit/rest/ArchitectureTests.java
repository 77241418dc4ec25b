package io.chatkit.rest;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the feature packages apart. Spring Modulith verifies the modules (each top-level
 * package, whose public types are all another module may use, with no cycles between
 * them); ArchUnit adds the directions Modulith cannot state without annotating the main
 * code: the shared {@code web} package knows no feature, and the tools and the LLM client
 * know nothing of sessions. No rule may pass for want of classes to check, and the rules
 * name every top-level package, so a new feature is covered or this test says so.
 */
class ArchitectureTests {

	private static final String WEB = "io.chatkit.rest.web..";

	private static final String[] FEATURES = { "io.chatkit.rest.console..", "io.chatkit.rest.database..",
			"io.chatkit.rest.llm..", "io.chatkit.rest.observability..", "io.chatkit.rest.ratelimit..",
			"io.chatkit.rest.security..", "io.chatkit.rest.session..", "io.chatkit.rest.tools.." };

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.chatkit.rest");

	@Test
	void theModulesVerify() {
		ApplicationModules.of(ChatkitRestApplication.class).verify();
	}

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.chatkit.rest.(*)..").should().beFreeOfCycles().allowEmptyShould(false).check(CLASSES);
	}

	@Test
	void theWebPackageDependsOnNoFeature() {
		noClasses().that()
			.resideInAPackage(WEB)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FEATURES)
			.allowEmptyShould(false)
			.check(CLASSES);
	}

	@Test
	void toolsAndTheLlmClientDoNotKnowAboutSessions() {
		noClasses().that()
			.resideInAnyPackage("io.chatkit.rest.tools..", "io.chatkit.rest.llm..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.chatkit.rest.session..")
			.allowEmptyShould(false)
			.check(CLASSES);
	}

	@Test
	void theRulesNameEveryTopLevelPackage() {
		Set<String> packages = CLASSES.stream()
			.map(JavaClass::getPackageName)
			.filter((name) -> name.startsWith("io.chatkit.rest."))
			.map((name) -> name.split("\\.")[3])
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> named = Stream.concat(Stream.of(FEATURES), Stream.of(WEB))
			.map((pattern) -> pattern.substring("io.chatkit.rest.".length(), pattern.length() - 2))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(packages).isEqualTo(named);
	}

}

package dev.foresight.launch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enforces the dependency arrows of the design's module map on the compiled classes of every
 * module: a class that imports across a forbidden arrow fails this test, even if a pom lets it.
 */
class ModuleDependencyRulesTest {
  private static final String ROOT = "dev.foresight.";
  private static final String DJL = "ai.djl..";
  private static final String NETTY = "io.netty..";
  private static final String PROTOBUF = "com.google.protobuf..";
  private static final String ROS = ROOT + "ros..";

  /**
   * The one class of the plant's package that ships with sim-tests: it reads the dataset manifest
   * of worldmodel, so it joins the plant once that format lives below it.
   */

  /** Module package → packages its classes must not use. */
  private static final Map<String, List<String>> FORBIDDEN =
      Map.of(
          "core",
          List.of(
              ROOT + "config..",
              ROOT + "worldmodel..",
              ROOT + "perception..",
              ROOT + "planner..",
              ROS,
              ROOT + "bridge..",
              ROOT + "sim..",
              ROOT + "launch..",
              DJL,
              NETTY,
              PROTOBUF),
          "config",
          List.of(
              ROOT + "worldmodel..",
              ROOT + "perception..",
              ROOT + "planner..",
              ROS,
              ROOT + "bridge..",
              ROOT + "sim..",
              ROOT + "launch..",
              DJL,
              NETTY),
          "worldmodel",
          List.of(
              ROOT + "perception..",
              ROOT + "planner..",
              ROS,
              ROOT + "bridge..",
              ROOT + "sim..",
              ROOT + "launch..",
              NETTY),
          "perception",
          List.of(
              ROOT + "worldmodel..",
              ROOT + "planner..",
              ROOT + "bridge..",
              ROOT + "runtime..",
              ROOT + "sim..",
              ROOT + "launch.."),
          "runtime",
          List.of(ROS, ROOT + "sim..", ROOT + "launch.."),
          "planner",
          List.of(
              ROOT + "worldmodel..",
              ROOT + "perception..",
              ROS,
              ROOT + "bridge..",
              ROOT + "sim..",
              ROOT + "launch..",
              DJL,
              NETTY,
              PROTOBUF),
          "ros",
          List.of(
              ROOT + "worldmodel..",
              ROOT + "perception..",
              ROOT + "planner..",
              ROOT + "bridge..",
              ROOT + "sim..",
              ROOT + "launch.."),
          "ros2",
          List.of(
              ROOT + "worldmodel..",
              ROOT + "perception..",
              ROOT + "planner..",
              ROOT + "bridge..",
              ROOT + "sim..",
              ROOT + "launch.."),
          "bridge",
          List.of(
              ROOT + "worldmodel..",
              ROOT + "perception..",
              ROOT + "planner..",
              ROOT + "sim..",
              ROOT + "launch.."),
          "sim",
          List.of(ROOT + "launch.."));

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.foresight");
  }

  @Test
  void everyModuleHasCompiledClassesToCheck() {
    assertThat(classes.containPackage("dev.foresight.core")).isTrue();
    assertThat(classes.containPackage("dev.foresight.config")).isTrue();
    assertThat(classes.containPackage("dev.foresight.launch")).isTrue();
    assertThat(classes.containPackage("dev.foresight.ros2")).isTrue();
    assertThat(classes.contain("dev.foresight.sim.SimWorld")).isTrue();
  }

  @Test
  void thePlantUsesOnlyCoreConfigAndTheBridgesArmDriverSpi() {
    List<String> aboveThePlant =
        List.of(
            ROOT + "worldmodel..",
            ROOT + "perception..",
            ROOT + "planner..",
            ROOT + "runtime..",
            ROS,
            ROOT + "bridge.v1..",
            ROOT + "bridge.ros..",
            ROOT + "sim.loop..",
            ROOT + "sim.report..",
            ROOT + "launch..",
            DJL,
            NETTY,
            PROTOBUF);
    ArchRule plant =
        noClasses()
            .that()
            .resideInAPackage(ROOT + "sim")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(aboveThePlant.toArray(String[]::new))
            .because("the simulated plant (module sim) depends on core, config and the bridge SPI");
    assertThat(plant.evaluate(classes).getFailureReport().getDetails())
        .as("plant classes that use what sits above the plant")
        .isEmpty();
    // The evaluation layer above (sim.loop, sim.report) does use the runtime, so the same rule
    // over its packages too reports it.
    ArchRule wholePackage =
        noClasses()
            .that()
            .resideInAPackage(ROOT + "sim..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(aboveThePlant.toArray(String[]::new));
    assertThat(wholePackage.evaluate(classes).hasViolation()).isTrue();
  }

  @Test
  void noModuleDependsAgainstTheDesignsArrows() {
    List<String> violations = new ArrayList<>();
    FORBIDDEN.forEach(
        (module, forbidden) -> {
          ArchRule rule =
              noClasses()
                  .that()
                  .resideInAPackage(ROOT + module + "..")
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(forbidden.toArray(String[]::new))
                  .allowEmptyShould(true)
                  .because("the design's module map forbids " + module + " → " + forbidden);
          EvaluationResult result = rule.evaluate(classes);
          violations.addAll(result.getFailureReport().getDetails());
        });
    assertThat(violations).as("forbidden module dependencies").isEmpty();
  }

  @Test
  void theViewObservesTheLoopAndTheBridgeAndOnlyLaunchUsesIt() {
    assertThat(classes.containPackage(ROOT + "view")).isTrue();
    ArchRule view =
        noClasses()
            .that()
            .resideInAPackage(ROOT + "view..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                ROS,
                ROOT + "ros2..",
                ROOT + "worldmodel..",
                ROOT + "sim..",
                ROOT + "launch..",
                ROOT + "bridge.v1..",
                DJL,
                PROTOBUF)
            .because("the view watches the runtime's ticks and a bridge client, nothing below");
    ArchRule onlyLaunch =
        noClasses()
            .that()
            .resideOutsideOfPackages(ROOT + "view..", ROOT + "launch..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROOT + "view..")
            .because("entry points wire the view; components never know it is there");
    List<String> violations =
        new ArrayList<>(view.evaluate(classes).getFailureReport().getDetails());
    violations.addAll(onlyLaunch.evaluate(classes).getFailureReport().getDetails());
    assertThat(violations).as("forbidden dependencies of the live view").isEmpty();
  }

  @Test
  void theBridgeCarriesNoRosOutsideItsRosAdapter() {
    ArchRule bridgeWithoutRos =
        noClasses()
            .that()
            .resideInAPackage(ROOT + "bridge..")
            .and()
            .resideOutsideOfPackage(ROOT + "bridge.ros..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROS)
            .because("robot-bridge carries no ROS; ROS arm drivers live in robot-bridge-ros");
    assertThat(bridgeWithoutRos.evaluate(classes).getFailureReport().getDetails())
        .as("robot-bridge classes that use ROS")
        .isEmpty();
    // The adapter does use ROS, so the same rule without its exclusion reports it.
    ArchRule wholeBridge =
        noClasses()
            .that()
            .resideInAPackage(ROOT + "bridge..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROS);
    assertThat(wholeBridge.evaluate(classes).hasViolation()).isTrue();
  }

  @Test
  void inferenceWorldModelCarriesNoTrainingAndNoPyTorch() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage(ROOT + "worldmodel..")
            .and()
            .resideOutsideOfPackage(ROOT + "worldmodel.training..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ROOT + "worldmodel.training..", "ai.djl.pytorch..")
            .because(
                "worldmodel is inference only; training and PyTorch are worldmodel-training's");
    assertThat(rule.evaluate(classes).getFailureReport().getDetails()).isEmpty();
    // The training module's own PyTorch use is seen, so the rule above would see a stray one.
    ArchRule trainingUsesPyTorch =
        noClasses()
            .that()
            .resideInAPackage(ROOT + "worldmodel.training..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("ai.djl.pytorch..");
    assertThat(trainingUsesPyTorch.evaluate(classes).hasViolation()).isTrue();
  }

  @Test
  void onlyTheBridgeUsesItsGeneratedProtocolClasses() {
    String wire = ROOT + "bridge.v1..";
    ArchRule typedClientApi =
        noClasses()
            .that()
            .resideOutsideOfPackages(ROOT + "bridge", ROOT + "bridge.v1")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(wire)
            .because(
                "callers use the bridge's typed client API (AgentState, AgentWelcome, StopCause,"
                    + " ...); the generated protocol classes stay inside robot-bridge");
    assertThat(typedClientApi.evaluate(classes).getFailureReport().getDetails())
        .as("classes outside robot-bridge that use the generated protocol classes")
        .isEmpty();
    // robot-bridge itself speaks the wire format, so the rule without its exclusion reports it.
    ArchRule everyone = noClasses().should().dependOnClassesThat().resideInAPackage(wire);
    assertThat(everyone.evaluate(classes).hasViolation()).isTrue();
  }

  @Test
  void theRuleCatchesAViolation() {
    // A launch class depends on config; declared forbidden here, the same check must report it.
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage(ROOT + "launch..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ROOT + "config..");
    assertThat(rule.evaluate(classes).hasViolation()).isTrue();
  }
}

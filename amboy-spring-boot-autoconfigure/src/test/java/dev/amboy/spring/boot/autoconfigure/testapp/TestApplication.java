package dev.amboy.spring.boot.autoconfigure.testapp;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application whose package holds @AmboyJob classes, as @SpringBootApplication would mark it.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class TestApplication {

  @Bean
  Greeter greeter() {
    return new Greeter("hello");
  }

  @Bean
  JobLedger jobLedger() {
    return new JobLedger();
  }
}

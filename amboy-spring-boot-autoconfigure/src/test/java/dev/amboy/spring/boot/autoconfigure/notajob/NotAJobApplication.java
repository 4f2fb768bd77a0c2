package dev.amboy.spring.boot.autoconfigure.notajob;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** An application with an @AmboyJob class that is not a job. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class NotAJobApplication {}

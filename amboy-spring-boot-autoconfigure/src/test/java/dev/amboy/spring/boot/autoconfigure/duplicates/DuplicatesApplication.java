package dev.amboy.spring.boot.autoconfigure.duplicates;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** An application with two classes that claim the same job type. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class DuplicatesApplication {}

package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Job;
import dev.amboy.registry.JobSerializer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import tools.jackson.databind.AnnotationIntrospector;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.AnnotatedField;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.NopAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps a job's collaborators out of its stored payload. A field is a collaborator, never payload,
 * when it is injected:
 *
 * <ul>
 *   <li>it carries {@code @Autowired}, {@code @Value}, {@code @Inject} or {@code @Resource}
 *       (jakarta or javax), or its setter does;
 *   <li>or it is a {@code final} field of a job class whose injection constructor (the one marked
 *       {@code @Autowired}/{@code @Inject}, else the only constructor) takes a parameter of the
 *       field's type.
 * </ul>
 *
 * <p>Such fields are neither written nor read, so a job read back from storage keeps the
 * collaborators the bean factory gave it.
 */
final class CollaboratorFieldIntrospector extends NopAnnotationIntrospector {

  private static final long serialVersionUID = 1L;

  private static final Set<String> INJECTION_ANNOTATIONS =
      Set.of(
          "org.springframework.beans.factory.annotation.Autowired",
          "org.springframework.beans.factory.annotation.Value",
          "jakarta.inject.Inject",
          "javax.inject.Inject",
          "jakarta.annotation.Resource",
          "javax.annotation.Resource");

  /** The registry's mapper: amboy's defaults, with collaborators ignored. */
  static JsonMapper jobMapper() {
    JsonMapper.Builder builder = JobSerializer.defaultMapperBuilder();
    return builder
        .annotationIntrospector(
            AnnotationIntrospector.pair(
                new CollaboratorFieldIntrospector(), builder.annotationIntrospector()))
        .build();
  }

  @Override
  public boolean hasIgnoreMarker(MapperConfig<?> config, AnnotatedMember member) {
    return member instanceof AnnotatedField field && isCollaborator(field.getAnnotated());
  }

  static boolean isCollaborator(Field field) {
    int modifiers = field.getModifiers();
    if (Modifier.isStatic(modifiers)) {
      return false;
    }
    if (isInjectionPoint(field.getDeclaredAnnotations()) || hasInjectedSetter(field)) {
      return true;
    }
    return Modifier.isFinal(modifiers)
        && Job.class.isAssignableFrom(field.getDeclaringClass())
        && constructorTakes(field.getDeclaringClass(), field.getType());
  }

  private static boolean hasInjectedSetter(Field field) {
    String name = field.getName();
    String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (Method method : field.getDeclaringClass().getDeclaredMethods()) {
      if (method.getName().equals(setter)
          && method.getParameterCount() == 1
          && isInjectionPoint(method.getDeclaredAnnotations())) {
        return true;
      }
    }
    return false;
  }

  private static boolean constructorTakes(Class<?> type, Class<?> fieldType) {
    Constructor<?> injection = injectionConstructor(type);
    if (injection == null) {
      return false;
    }
    for (Class<?> parameter : injection.getParameterTypes()) {
      if (fieldType.isAssignableFrom(parameter)) {
        return true;
      }
    }
    return false;
  }

  private static Constructor<?> injectionConstructor(Class<?> type) {
    Constructor<?>[] constructors = type.getDeclaredConstructors();
    for (Constructor<?> constructor : constructors) {
      if (isInjectionPoint(constructor.getDeclaredAnnotations())) {
        return constructor;
      }
    }
    return constructors.length == 1 ? constructors[0] : null;
  }

  private static boolean isInjectionPoint(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (INJECTION_ANNOTATIONS.contains(annotation.annotationType().getName())) {
        return true;
      }
    }
    return false;
  }
}

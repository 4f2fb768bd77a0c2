package dev.amboy.spring.boot.autoconfigure.testapp;

/** A collaborator that jobs get injected. */
public class Greeter {

  private final String salutation;

  public Greeter(String salutation) {
    this.salutation = salutation;
  }

  public String greet(String name) {
    return salutation + ", " + name;
  }
}

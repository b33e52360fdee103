/**
 * Android package names as Play and AMAPI take them. Developer guide, <manifest> element,
 * `package`: letters, digits and underscores, each part starting with a letter; Play needs at
 * least two parts. Play EMM writes products as `app:<package>` (ManagedConfiguration.productId).
 */

/** An Android package name (the derived vendor schemas carry the same pattern). */
export const ANDROID_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

/** Play EMM product id of an app: `app:` + package name. */
export function productIdOf(packageName: string): string {
  return `app:${packageName}`;
}

/** The package name inside a Play EMM product id, or undefined when it is not `app:<...>`. */
export function packageOfProductId(productId: string): string | undefined {
  return productId.startsWith('app:') ? productId.slice(4) : undefined;
}

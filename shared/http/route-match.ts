import { type Route, routes } from './routes.ts';

export type RouteMatch =
  | { kind: 'found'; route: Route; pathParameters: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'not-found' };

const compiled = routes.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route: route as Route, names, regex: new RegExp(`^${pattern}/?$`) };
});

/**
 * Finds the route for a request the way API Gateway does, telling 404 from 405 apart. `HEAD` is
 * served wherever `GET` is (RFC 9110 §9.3.2): it finds the GET route, and the body is left out.
 */
export const matchRoute = (method: string, path: string): RouteMatch => {
  const wanted = method === 'HEAD' ? 'GET' : method;
  const allowed: string[] = [];
  for (const { route, names, regex } of compiled) {
    const match = regex.exec(path);
    if (!match) continue;
    if (route.method !== wanted) {
      allowed.push(route.method);
      if (route.method === 'GET') allowed.push('HEAD');
      continue;
    }
    let pathParameters: Record<string, string>;
    try {
      pathParameters = Object.fromEntries(
        names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
      );
    } catch {
      // Malformed percent-encoding names nothing that exists.
      return { kind: 'not-found' };
    }
    return { kind: 'found', route, pathParameters };
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'not-found' };
};

import { useCallback, useEffect, useState } from 'preact/hooks';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/domain/webhook.ts';
import { type Api, ApiProblem } from './api.ts';
import { Alert, age, Status } from './components.tsx';
import { plainProblem } from './messages.ts';
import type { WebhookEndpoint } from './types.ts';

const value = (event: Event) => (event.currentTarget as HTMLInputElement).value;

/** Webhook endpoints: register one (its secret is shown once), rotate a secret, delete one. */
export const Webhooks = ({ api }: { api: Api }) => {
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[]>();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([
    'article.published',
    'article.revised',
    'article.retracted',
  ]);
  const [secret, setSecret] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [errors, setErrors] = useState<string[]>();
  const load = useCallback(async () => {
    try {
      setEndpoints((await api<{ items: WebhookEndpoint[] }>('GET', '/v1/admin/webhooks')).items);
    } catch {
      setEndpoints(undefined);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  const run = async (call: () => Promise<string>) => {
    try {
      setMessage(await call());
      setErrors(undefined);
      await load();
    } catch (error) {
      setMessage(undefined);
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'load') : [String(error)]);
    }
  };
  const register = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const created = await api<{ id: string; secret: string }>('POST', '/v1/admin/webhooks', {
        url: url.trim(),
        events,
      });
      setSecret(created.secret);
      setUrl('');
      return `The endpoint is registered. Copy its signing secret now: it is not shown again.`;
    });
  };
  const rotate = (endpoint: WebhookEndpoint) =>
    void run(async () => {
      const rotated = await api<{ secret: string }>('POST', `/v1/admin/webhooks/${endpoint.id}/rotation`);
      setSecret(rotated.secret);
      return `A new secret signs deliveries to ${endpoint.url}; the previous one also signs for a day. Copy it now.`;
    });
  const remove = (endpoint: WebhookEndpoint) =>
    void run(async () => {
      await api('DELETE', `/v1/admin/webhooks/${endpoint.id}`);
      setSecret(undefined);
      return `The endpoint ${endpoint.url} is deleted.`;
    });
  const toggle = (type: string) =>
    setEvents(events.includes(type) ? events.filter((each) => each !== type) : [...events, type]);
  return (
    <section aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <Status message={message} />
      <Alert messages={errors} />
      {secret ? (
        <p>
          Signing secret: <code data-testid="webhook-secret">{secret}</code>
        </p>
      ) : null}
      {endpoints && endpoints.length === 0 ? <p>No endpoints yet.</p> : null}
      {endpoints && endpoints.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id}>
                <td>{endpoint.url}</td>
                <td>{endpoint.events.join(', ')}</td>
                <td>
                  {endpoint.status === 'disabled'
                    ? 'disabled (failed for a day)'
                    : endpoint.failingSince
                      ? `failing for ${age(endpoint.failingSince)}`
                      : 'active'}
                </td>
                <td>
                  <button type="button" class="secondary" onClick={() => rotate(endpoint)}>
                    Rotate secret of {endpoint.url}
                  </button>{' '}
                  <button type="button" class="secondary" onClick={() => remove(endpoint)}>
                    Delete {endpoint.url}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form onSubmit={register}>
        <label for="webhook-url">Endpoint URL</label>
        <input id="webhook-url" type="url" required value={url} onInput={(event) => setUrl(value(event))} />
        <fieldset>
          <legend>Events</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} class="inline">
              <input type="checkbox" checked={events.includes(type)} onChange={() => toggle(type)} /> {type}
            </label>
          ))}
        </fieldset>
        <button type="submit">Register endpoint</button>
      </form>
    </section>
  );
};

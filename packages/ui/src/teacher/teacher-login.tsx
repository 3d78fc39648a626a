/**
 * The teacher's login step, on a setup with logins (`password`): their own Kafka user
 * name and password (TeacherSignIn below: the school's sign-in instead). The app (or the gateway) connects with them for this teacher's broadcasts and announcements, so
 * the broker's ACLs decide which class they may broadcast to; whether the password is right is
 * the broker's to say when they start (one line in the panel). The page keeps the login in memory
 * only, and forgets it on "Log out".
 */
import { useId, useState, type FormEvent } from 'react';
import { assertValidUserName, InvalidNameError, type Credentials } from '@classcast/protocol';
import { TEACHER_CSS } from './teacher-styles.js';

// The panel styles inputs without a type; the password field has one.
const LOGIN_CSS = `.cc-teacher-login input { padding: 0.4rem; font: inherit; border-radius: 4px; border: 1px solid #555; background: #111; color: #eee; }`;

export function TeacherLogin({ onLogin }: { onLogin(credentials: Credentials): void }) {
  const ids = { username: useId(), password: useId() };
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = username.trim();
    try {
      assertValidUserName('user name', name);
    } catch (error) {
      if (!(error instanceof InvalidNameError)) throw error;
      return setProblem(name === '' ? 'enter your user name' : error.message);
    }
    // Not trimmed: spaces may be part of a password.
    if (password === '') return setProblem('enter your password');
    onLogin({ kind: 'password', username: name, password });
  }

  return (
    <form className="cc-teacher-panel cc-teacher-login" aria-label="Log in" onSubmit={submit} noValidate>
      <style>{TEACHER_CSS + LOGIN_CSS}</style>
      <h1>Log in to broadcast</h1>
      <div className="cc-field">
        <label htmlFor={ids.username}>User name</label>
        <input id={ids.username} name="username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} />
      </div>
      <div className="cc-field">
        <label htmlFor={ids.password}>Password</label>
        <input
          id={ids.password}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      {problem !== undefined && (
        <p className="cc-teacher-error" role="alert">
          {problem}
        </p>
      )}
      <div className="cc-buttons">
        <button type="submit">Log in</button>
      </div>
    </form>
  );
}

/**
 * The sign-in step on a class server with school sign-in (OpenID Connect): the host sends the
 * teacher to the school's sign-in and back with an ID token, which the broker validates; the
 * principal it names is the teacher the ACLs know.
 */
export function TeacherSignIn({ provider, problem, onSignIn }: { provider: string; problem?: string; onSignIn(): void }) {
  return (
    <div className="cc-teacher-panel cc-teacher-login" role="form" aria-label="Sign in">
      <style>{TEACHER_CSS}</style>
      <h1>Sign in to broadcast</h1>
      {problem !== undefined && (
        <p className="cc-teacher-error" role="alert">
          {problem}
        </p>
      )}
      <div className="cc-buttons">
        <button type="button" onClick={onSignIn}>
          Sign in with {provider}
        </button>
      </div>
    </div>
  );
}

/**
 * The signed-in session: who the user is and the CSRF token, loaded from `GET /auth/me` on start
 * and replaced on login. A 401 from any call (idle timeout) drops the session and sends the user to
 * /login, remembering where they were.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { setCsrfToken, setUnauthorizedHandler } from '../api/client.js';
import { authApi } from '../api/endpoints.js';
import type { LoginBody, SessionUser } from '../api/types.js';

interface AuthState {
  /** undefined while the first `/auth/me` is in flight; null when signed out. */
  user: SessionUser | null | undefined;
  login: (body: LoginBody) => Promise<SessionUser>;
  logout: () => Promise<void>;
  /** Re-read the session (after a password change clears `mustChangePassword`). */
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Loads and holds the session; must sit inside the router. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const navigate = useNavigate();
  const location = useLocation();

  const refresh = useCallback(async () => {
    try {
      const session = await authApi.me();
      setCsrfToken(session.csrfToken);
      setUser(session.user);
    } catch {
      setCsrfToken(null);
      setUser(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // The handler reads the location at the time of the 401, so keep it current.
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setUser(null);
      if (!window.location.pathname.startsWith('/login')) {
        const next = window.location.pathname + window.location.search;
        navigate(`/login?next=${encodeURIComponent(next)}&expired=1`, { replace: true });
      }
    });
  }, [navigate, location]);

  const login = useCallback(async (body: LoginBody) => {
    const session = await authApi.login(body);
    setCsrfToken(session.csrfToken);
    setUser(session.user);
    return session.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken(null);
      setUser(null);
      navigate('/login', { replace: true });
    }
  }, [navigate]);

  const value = useMemo(() => ({ user, login, logout, refresh }), [user, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session state; throws outside <AuthProvider>. */
export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth() must be used inside <AuthProvider>');
  return state;
}

/** The signed-in user; only for screens behind <RequireAuth>. */
export function useUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser() used outside a signed-in screen');
  return user;
}

/**
 * Last line of defence: a screen that threw while rendering shows what happened and a "reload"
 * action instead of a blank page. Also used as the router's error element.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result, Typography } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { useT } from '../i18n/i18n.js';

function CrashScreen({ error }: { error: unknown }) {
  const t = useT();
  const detail = error instanceof Error ? error.message : isRouteErrorResponse(error) ? error.statusText : String(error);
  return (
    <div className="zc-full-page-center">
      <Result
        status="error"
        title={t('crash.title')}
        subTitle={t('crash.hint')}
        extra={[
          <Button type="primary" key="reload" onClick={() => window.location.reload()}>
            {t('crash.reload')}
          </Button>,
          <Button key="home" onClick={() => window.location.assign('/')}>
            {t('crash.home')}
          </Button>,
        ]}
      >
        {detail && (
          <Typography.Paragraph type="secondary" copyable style={{ maxWidth: 640, margin: '0 auto' }}>
            {detail}
          </Typography.Paragraph>
        )}
      </Result>
    </div>
  );
}

interface State {
  error: unknown;
}

/** Catches render errors below it. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Kept in the console so a support request can quote the component stack.
    console.error('Zhicheng UI crashed', error, info.componentStack);
  }

  override render() {
    if (this.state.error) return <CrashScreen error={this.state.error} />;
    return this.props.children;
  }
}

/** The router's errorElement (errors thrown while rendering a route). */
export function RouteErrorPage() {
  const error = useRouteError();
  return <CrashScreen error={error} />;
}
